export const FREE_NOTE_LIMIT = 20;

export function excerpt(content: string, max = 140): string {
  const flat = content.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const lastSpace = cut.lastIndexOf(" ");
  return `${cut.slice(0, lastSpace > 0 ? lastSpace : max)}…`;
}

export function wordCount(content: string): number {
  const words = content.trim().split(/\s+/);
  return words[0] === "" ? 0 : words.length;
}

export function canCreateNote(plan: string, existing: number): boolean {
  return plan === "pro" || existing < FREE_NOTE_LIMIT;
}
