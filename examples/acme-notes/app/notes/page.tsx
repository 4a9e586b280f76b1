import { redirect } from "next/navigation";
import { requireUserId } from "@/lib/auth";
import { excerpt, wordCount } from "@/lib/notes";
import { prisma } from "@/lib/prisma";
import NewNoteForm from "@/components/NewNoteForm";
import SummarizeButton from "@/components/SummarizeButton";

export const dynamic = "force-dynamic";

export default async function NotesPage() {
  const userId = await requireUserId();
  if (!userId) redirect("/api/auth/signin");

  const notes = await prisma.note.findMany({ where: { userId }, orderBy: { updatedAt: "desc" } });

  return (
    <main>
      <h1>My notes</h1>
      <NewNoteForm />
      {notes.map((note) => (
        <article key={note.id} className="note">
          <h2>{note.title}</h2>
          <p>{note.summary ?? excerpt(note.content)}</p>
          <small>{wordCount(note.content)} words</small> <SummarizeButton noteId={note.id} />
        </article>
      ))}
    </main>
  );
}
