/**
 * Patient-facing web chat: streams answers from Claude, falls back to OpenAI when Anthropic is
 * rate-limited. Keys are read from the environment at start-up.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

const anthropic = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });
const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });

const PRIMARY_MODEL = 'claude-3-5-haiku-20241022';
const FALLBACK_MODEL = 'gpt-4o-mini';

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

export async function reply(history: ChatTurn[]): Promise<string> {
  try {
    const msg = await anthropic.messages.create({
      model: PRIMARY_MODEL,
      max_tokens: 512,
      system: 'You are the Acme Health booking assistant. Never give medical advice.',
      messages: history,
    });
    const first = msg.content[0];
    return first && first.type === 'text' ? first.text : '';
  } catch (err) {
    // `claude-3-opus` was too slow for chat; kept out of rotation.
    const res = await openai.chat.completions.create({ model: FALLBACK_MODEL, messages: history });
    return res.choices[0]?.message.content ?? '';
  }
}
