import Link from "next/link";

export default function Home() {
  return (
    <main>
      <h1>Acme Notes</h1>
      <p>Write things down. Let AI boil them down.</p>
      <p>
        <Link href="/api/auth/signin">Sign in with GitHub</Link> · <Link href="/notes">My notes</Link>
      </p>
    </main>
  );
}
