import { Command } from 'commander';
import { isoDay, now, parseDay } from '../../store/index.js';
import { CliError, EXIT } from '../exit-codes.js';
import { emit } from '../output.js';
import { withStore } from '../posture/store.js';

interface SuppressOptions {
  reason?: string;
  owner?: string;
  expires?: string;
  path?: string;
  list?: boolean;
  remove?: string;
  db?: string;
}

/** `aispm suppress`: record an exception (with a reason, an owner and an expiry) in the store. */
export function suppressCommand(): Command {
  return new Command('suppress')
    .description('Accept a finding (by fingerprint) or a whole rule, with a reason, an owner and an expiry date. Suppressed findings stay in reports, marked, and stop failing --fail-on; they reopen when the exception expires.')
    .argument('[selector]', 'a finding id (fingerprint) or a rule id')
    .option('--reason <text>', 'why this is accepted (required)')
    .option('--owner <who>', 'who accepted it (required)')
    .option('--expires <YYYY-MM-DD>', 'last day the exception applies (strongly recommended)')
    .option('--path <pattern>', 'only for findings under this gitignore-style path')
    .option('--list', 'list the stored exceptions')
    .option('--remove <id>', 'delete a stored exception by its id')
    .option('--db <dir|url>', 'the scan store (default: .aispm/ or $AISPM_DATABASE_URL)')
    .addHelpText('after', '\nAlso: `aispm:ignore RULE_ID reason` in a comment on (or above) the finding line, and `suppressions:` in aispm.yaml.\nExample:\n  aispm suppress sagemaker_notebook_direct_internet_access_disabled --reason "lab account" --owner ml-platform --expires 2026-03-31')
    .action(async (selector: string | undefined, o: SuppressOptions) => {
      if (o.list)
        return withStore(o.db, async (s) => {
          const list = await s.listSuppressions();
          const today = isoDay(now());
          await emit(list.length ? `${list.map((x) => `${x.id}  ${x.selector}${x.path ? ` [${x.path}]` : ''}  owner=${x.owner}  expires=${x.expires ?? 'never'}${x.expires && x.expires < today ? ' (EXPIRED)' : ''}  ${x.reason}`).join('\n')}\n` : 'No stored exceptions.\n');
        });
      if (o.remove) {
        const id = o.remove;
        const ok = await withStore(o.db, (s) => s.removeSuppression(id));
        if (!ok) throw new CliError(`no stored exception ${id} (see aispm suppress --list)`, EXIT.usage);
        return emit(`removed exception ${id}\n`);
      }
      if (!selector) throw new CliError('give a finding id or rule id to suppress (or --list / --remove)', EXIT.usage);
      if (!o.reason?.trim() || !o.owner?.trim()) throw new CliError('an exception needs --reason and --owner', EXIT.usage);
      let expires: string | undefined;
      if (o.expires !== undefined) {
        expires = parseDay(o.expires);
        if (!expires) throw new CliError(`--expires: expected a date YYYY-MM-DD, got "${o.expires}"`, EXIT.usage);
      } else process.stderr.write('aispm: warning: an exception without --expires never reopens\n');
      const { reason, owner, path } = o;
      const row = await withStore(o.db, (s) => s.addSuppression({ selector, reason: reason.trim(), owner: owner.trim(), ...(path ? { path } : {}), ...(expires ? { expires } : {}) }));
      await emit(`exception ${row.id}: ${selector} suppressed until ${row.expires ?? 'removed'} (owner ${row.owner})\n`);
    });
}
