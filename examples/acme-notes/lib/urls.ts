export const APP_URL = process.env.APP_URL || "https://notes-prod-4821.vercel.app";

export function absoluteUrl(path: string): string {
  return new URL(path, APP_URL).toString();
}
