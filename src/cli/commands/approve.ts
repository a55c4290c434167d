import { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseDay } from '../../store/index.js';
import { CliError, EXIT } from '../exit-codes.js';
import { emit } from '../output.js';
import { sha256File } from '../posture/files.js';
import { withStore } from '../posture/store.js';

/** `aispm approve`: a documented approval to use a sensitive dataset, bound to its exact bytes. */
export function approveCommand(): Command {
  return new Command('approve')
    .description("Approve the use of a sensitive dataset: its sensitive-data findings become `accepted` (with approver and expiry) while the file's bytes stay exactly the same; any change voids the approval.")
    .argument('[dataset]', 'the dataset file')
    .option('--approver <who>', 'who approved it (required)')
    .option('--expires <YYYY-MM-DD>', 'last day the approval applies')
    .option('--reason <text>', 'the purpose or ticket')
    .option('--list', 'list stored approvals')
    .option('--db <dir|url>', 'the scan store (default: .aispm/ or $AISPM_DATABASE_URL)')
    .action(async (dataset: string | undefined, o: { approver?: string; expires?: string; reason?: string; list?: boolean; db?: string }) => {
      if (o.list)
        return withStore(o.db, async (s) => {
          const list = await s.listApprovals();
          await emit(list.length ? `${list.map((a) => `${a.path}  sha256=${a.sha256.slice(0, 16)}…  approver=${a.approver}  expires=${a.expires ?? 'never'}${a.reason ? `  ${a.reason}` : ''}`).join('\n')}\n` : 'No approvals.\n');
        });
      if (!dataset) throw new CliError('give the dataset file to approve (or --list)', EXIT.usage);
      if (!existsSync(dataset) || !statSync(dataset).isFile()) throw new CliError(`not a file: ${dataset}`, EXIT.usage);
      if (!o.approver?.trim()) throw new CliError('an approval needs --approver', EXIT.usage);
      let expires: string | undefined;
      if (o.expires !== undefined) {
        expires = parseDay(o.expires);
        if (!expires) throw new CliError(`--expires: expected a date YYYY-MM-DD, got "${o.expires}"`, EXIT.usage);
      }
      const sha256 = await sha256File(dataset);
      const rel = path.relative(process.cwd(), path.resolve(dataset)).split(path.sep).join('/');
      const approver = o.approver.trim();
      await withStore(o.db, (s) => s.addApproval({ sha256, path: rel, approver, ...(expires ? { expires } : {}), ...(o.reason ? { reason: o.reason } : {}) }));
      await emit(`approved ${rel} (sha256 ${sha256}) by ${approver}${expires ? ` until ${expires}` : ''}; any change to its bytes voids this\n`);
    });
}
