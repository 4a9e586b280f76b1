import OpenAI from "openai";

export const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });

export async function summarize(text: string): Promise<string> {
  console.log("summarize: calling openai, chars =", text.length);
  const completion = await openai.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "system", content: "Summarize the user's note in 2-3 sentences. Keep their wording where possible." },
      { role: "user", content: text },
    ],
  });
  return completion.choices[0]?.message?.content ?? "";
}
