import { NextResponse } from "next/server";
import { requireUserId } from "@/lib/auth";
import { canCreateNote } from "@/lib/notes";
import { prisma } from "@/lib/prisma";

export async function GET() {
  const userId = await requireUserId();
  if (!userId) return NextResponse.json({ error: "Unauthorized" }, { status: 401 });

  const notes = await prisma.note.findMany({
    where: { userId },
    orderBy: { updatedAt: "desc" },
  });
  return NextResponse.json(notes);
}

export async function POST(req: Request) {
  const userId = await requireUserId();
  if (!userId) return NextResponse.json({ error: "Unauthorized" }, { status: 401 });

  const body = await req.json();
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  const count = await prisma.note.count({ where: { userId } });
  if (!canCreateNote(user.plan, count)) {
    return NextResponse.json({ error: "Free plan limit reached. Upgrade to Pro." }, { status: 402 });
  }

  const note = await prisma.note.create({
    data: { title: body.title || "Untitled", content: body.content || "", userId },
  });
  console.log("note created", note.id, "for", userId);
  return NextResponse.json(note, { status: 201 });
}
