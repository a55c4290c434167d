import type { Rng } from './random.js';

/**
 * Fake credentials of each provider's shape, assembled at run time from parts so that no
 * secret-shaped literal is ever committed (secret scanners, and our own, stay quiet on the repo).
 */
const j = (...parts: string[]) => parts.join('');
const UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOW = 'abcdefghijklmnopqrstuvwxyz';
const AL = UP + LOW;
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export interface FakeSecret {
  ruleId: string;
  value: string;
  /** A line that embeds it the way code or config would. */
  line: string;
}

export function fakeSecrets(r: Rng): FakeSecret[] {
  const aws = j('AK', 'IA', r.chars(16, B32));
  const awsSecret = r.chars(40, AL + '0123456789/+');
  const list: FakeSecret[] = [
    { ruleId: 'openai-project-key', value: j('sk', '-', 'proj', '-', r.chars(48), '_', r.chars(20)), line: '' },
    { ruleId: 'openai-service-account-key', value: j('sk', '-svc', 'acct-', r.chars(56)), line: '' },
    { ruleId: 'openai-admin-key', value: j('sk', '-ad', 'min-', r.chars(56)), line: '' },
    { ruleId: 'anthropic-api-key', value: j('sk', '-ant-', 'api03-', r.chars(93, AL + '0123456789_-'), 'AA'), line: '' },
    { ruleId: 'anthropic-admin-key', value: j('sk', '-ant-', 'admin01-', r.chars(93, AL + '0123456789_-'), 'AA'), line: '' },
    { ruleId: 'huggingface-token', value: j('h', 'f_', r.chars(34, AL)), line: '' },
    { ruleId: 'google-api-key', value: j('AI', 'za', r.chars(35, AL + '0123456789_-')), line: '' },
    { ruleId: 'groq-api-key', value: j('gs', 'k_', r.chars(52)), line: '' },
    { ruleId: 'replicate-api-token', value: j('r8', '_', r.chars(37)), line: '' },
    { ruleId: 'perplexity-api-key', value: j('pp', 'lx-', r.chars(48)), line: '' },
    { ruleId: 'fireworks-api-key', value: j('f', 'w_', r.chars(24)), line: '' },
    { ruleId: 'xai-api-key', value: j('x', 'ai-', r.chars(80)), line: '' },
    { ruleId: 'openrouter-api-key', value: j('sk', '-or-', 'v1-', r.hex(64)), line: '' },
    { ruleId: 'langsmith-api-key', value: j('ls', 'v2_', 'pt_', r.hex(32), '_', r.hex(10)), line: '' },
    { ruleId: 'pinecone-api-key', value: j('pc', 'sk_', r.chars(6), '_', r.chars(60)), line: '' },
    { ruleId: 'together-api-key', value: j('tgp', '_v1_', r.chars(48)), line: '' },
    { ruleId: 'aws-access-key-id', value: aws, line: `aws_access_key_id = ${aws}` },
    { ruleId: 'aws-secret-access-key', value: awsSecret, line: `aws_secret_access_key = ${awsSecret}` },
    { ruleId: 'github-pat', value: j('gh', 'p_', r.chars(36)), line: '' },
    // An X bearer token opens with 21 'A's by design (its run must not read as a template).
    { ruleId: 'twitter-bearer-token', value: j('A'.repeat(10), 'A'.repeat(11), r.chars(4, 'BCDEFGHIJKLMNOPQRSTUVWXYZ'), 'AAAAAAA', r.chars(1, 'bcdefghij'), r.chars(59, AL + '0123456789%')), line: '' },
    { ruleId: 'github-fine-grained-pat', value: j('github', '_pat_', r.chars(22), '_', r.chars(59)), line: '' },
    { ruleId: 'gitlab-pat', value: j('gl', 'pat-', r.chars(20)), line: '' },
    { ruleId: 'slack-bot-token', value: j('xo', 'xb-', r.digits(12), '-', r.digits(12), '-', r.chars(24)), line: '' },
    { ruleId: 'stripe-secret-key', value: j('sk', '_li', 've_', r.chars(32)), line: '' },
    { ruleId: 'sendgrid-api-key', value: j('S', 'G.', r.chars(22), '.', r.chars(43)), line: '' },
    { ruleId: 'npm-token', value: j('np', 'm_', r.chars(36)), line: '' },
    { ruleId: 'digitalocean-pat', value: j('do', 'p_v1_', r.hex(64)), line: '' },
    { ruleId: 'databricks-token', value: j('da', 'pi', r.hex(32)), line: '' },
    { ruleId: 'jwt', value: j('ey', 'J', r.chars(30), '.', 'ey', 'J', r.chars(40), '.', r.chars(43, AL + '0123456789_-')), line: '' },
  ];
  const pgPass = r.chars(16);
  list.push({ ruleId: 'postgres-connection-string', value: pgPass, line: `DATABASE_URL=${j('postgres', 'ql://')}app:${pgPass}@db.internal:5432/app` });
  const mongoPass = r.chars(14);
  list.push({ ruleId: 'mongodb-connection-string', value: mongoPass, line: `MONGO_URI="${j('mongodb', '+srv://')}svc:${mongoPass}@cluster0.abcde.mongodb.net/db"` });
  const body = Array.from({ length: 6 }, () => r.chars(64, AL + '0123456789+/')).join('\n');
  const pem = j('-----BEGIN ', 'RSA PRIVATE', ' KEY-----\n', body, '\n-----END ', 'RSA PRIVATE', ' KEY-----');
  list.push({ ruleId: 'private-key-rsa', value: pem, line: pem });
  for (const s of list) if (!s.line) s.line = `API_KEY_${s.ruleId.toUpperCase().replace(/-/g, '_')} = "${s.value}"`;
  return list;
}

/** Key-shaped values that must NOT be reported: documentation examples, placeholders, hashes, UUIDs. */
export function secretNegatives(r: Rng): string[] {
  return [
    `aws_access_key_id = ${j('AKIA', 'IOSFODNN7', 'EXAMPLE')}`,
    `OPENAI_API_KEY="${j('sk', '-proj-', 'your-api-key-here')}"`,
    `OPENAI_API_KEY=${j('sk', '-', 'x'.repeat(48))}`,
    `"integrity": "sha512-${r.chars(86, AL + '0123456789+/')}=="`,
    `id = "${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-a${r.hex(3)}-${r.hex(12)}"`,
    `commit ${r.hex(40)}`,
    `version = "1.2.3"`,
    `<img src="data:image/png;base64,${r.chars(400, AL + '0123456789+/')}">`,
    `password = os.environ["DB_PASSWORD"]`,
    `api_key: \${OPENAI_API_KEY}`,
    `token = "<YOUR_TOKEN>"`,
  ];
}
