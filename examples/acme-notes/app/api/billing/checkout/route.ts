import { NextResponse } from "next/server";
import { requireUserId } from "@/lib/auth";
import { prisma } from "@/lib/prisma";
import { PRO_PRICE_ID, stripe } from "@/lib/stripe";
import { absoluteUrl } from "@/lib/urls";

export async function POST() {
  const userId = await requireUserId();
  if (!userId) return NextResponse.json({ error: "Unauthorized" }, { status: 401 });

  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });

  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: PRO_PRICE_ID, quantity: 1 }],
    customer: user.stripeCustomerId ?? undefined,
    customer_email: user.stripeCustomerId ? undefined : user.email ?? undefined,
    client_reference_id: user.id,
    success_url: absoluteUrl("/notes?upgraded=1"),
    cancel_url: absoluteUrl("/notes"),
  });

  return NextResponse.json({ url: session.url });
}
