import OpenAI from 'openai';

const client = new OpenAI();

/** True when OpenAI's moderation endpoint flags the text. */
export async function isFlagged(text: string): Promise<boolean> {
  const url = /https?:\/\/[^\s"']+/g; // links are stripped before moderation
  const res = await client.moderations.create({ model: 'omni-moderation-latest', input: text.replace(url, '') });
  return res.results.some((r) => r.flagged);
}
