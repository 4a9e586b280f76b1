export const APP_URL = process.env.APP_URL || "https://acme-notes.vercel.app";

export function absoluteUrl(path: string): string {
  return new URL(path, APP_URL).toString();
}
