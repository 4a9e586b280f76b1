import { NextResponse } from "next/server";
import { requireUserId } from "@/lib/auth";
import { cacheGet, cacheSet } from "@/lib/cache";
import { summarize } from "@/lib/openai";
import { prisma } from "@/lib/prisma";
import { rateLimit } from "@/lib/rate-limit";

type Params = { params: { id: string } };

export async function POST(_req: Request, { params }: Params) {
  const userId = await requireUserId();
  if (!userId) return NextResponse.json({ error: "Unauthorized" }, { status: 401 });

  const limit = rateLimit(`summarize:${userId}`, 10);
  if (!limit.ok) {
    return NextResponse.json({ error: "Too many requests, try again in a minute." }, { status: 429 });
  }

  const note = await prisma.note.findFirst({ where: { id: params.id, userId } });
  if (!note) return NextResponse.json({ error: "Not found" }, { status: 404 });

  const cacheKey = `summary:${note.id}:${note.updatedAt.getTime()}`;
  const cached = cacheGet<string>(cacheKey);
  if (cached) return NextResponse.json({ summary: cached, cached: true });

  try {
    const summary = await summarize(note.content);
    cacheSet(cacheKey, summary);
    await prisma.note.update({ where: { id: note.id }, data: { summary } });
    return NextResponse.json({ summary });
  } catch (err) {
    console.log("summarize failed", err);
    return NextResponse.json({ error: "Could not summarize note" }, { status: 500 });
  }
}
