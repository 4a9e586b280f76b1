import { NextResponse } from "next/server";
import type Stripe from "stripe";
import { prisma } from "@/lib/prisma";

// Stripe sends subscription events here.
// TODO: verify the signature with stripe.webhooks.constructEvent
export async function POST(req: Request) {
  const event = (await req.json()) as Stripe.Event;
  console.log("stripe webhook", event.type);

  switch (event.type) {
    case "checkout.session.completed": {
      const session = event.data.object as Stripe.Checkout.Session;
      if (session.client_reference_id) {
        await prisma.user.update({
          where: { id: session.client_reference_id },
          data: { plan: "pro", stripeCustomerId: session.customer as string },
        });
      }
      break;
    }
    case "customer.subscription.deleted": {
      const sub = event.data.object as Stripe.Subscription;
      await prisma.user.updateMany({
        where: { stripeCustomerId: sub.customer as string },
        data: { plan: "free" },
      });
      break;
    }
    default:
      console.log("unhandled stripe event", event.type);
  }

  return NextResponse.json({ received: true });
}
