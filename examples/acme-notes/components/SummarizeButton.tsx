"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

export default function SummarizeButton({ noteId }: { noteId: string }) {
  const router = useRouter();
  const [loading, setLoading] = useState(false);

  async function onClick() {
    setLoading(true);
    const res = await fetch(`/api/notes/${noteId}/summarize`, { method: "POST" });
    setLoading(false);
    if (!res.ok) {
      alert((await res.json()).error);
      return;
    }
    router.refresh();
  }

  return (
    <button onClick={onClick} disabled={loading}>
      {loading ? "Summarizing…" : "Summarize"}
    </button>
  );
}
