/**
 * Mailboxes no person holds: a mailing list's or a project's bug-report address and a function's.
 * Personal data is about an identifiable person; `bug-glibc-locales@gnu.org`, which glibc's 180
 * locale sources name as their contact, identifies none (nor `libc-locales@sourceware.org`,
 * `debian-esperanto@lists.debian.org`, `postmaster@…`). The words are whole parts of the local
 * name, so `bugsy.malone@…` and `helper@…` stay addresses.
 */

/**
 * A local part that names a mail system's function or a translation team, whole. Not `info`,
 * `webmaster` or `support`: on a person's own domain (`info@firstname-lastname.de`) they reach, and
 * name, that person. `git` is the account every Git host's SSH clones log in as (`git@github.com`),
 * and `incoming+…` the address GitLab gives a project's issue tracker.
 */
const ROLE_WORDS = 'bugs?|postmaster|hostmaster|noreply|no-reply|donotreply|do-not-reply|mailer-daemon|listserv|majordomo|locales|i18n|l10n|translations?|translators?|maintainers|git|incoming\\+[^@]*';
/**
 * A bug-report or help list's name before the project's (GNU's `bug-gnu-pspp@`, `help-libtasn1@`),
 * or a list's or a function's name after the project's, joined by a hyphen or an underscore:
 * `<project>-devel`, `<project>-bugs`, `libc-locales`, `qhull_bug`, `libc-alpha` (glibc's
 * development list), `python-list`, `pgsql-hackers`, a product's `aws-devicefarm-support` and
 * `workspaces-feedback`. Not `-team`: `ops-team@` is a few people's shared inbox, not a list (and a
 * list's is on its host).
 */
const LIST_SUFFIXES = 'bugs?|devel|announce|discuss|users|help|request|owner|maintainers|locales|i18n|l10n|translations?|translators?|commits|patches|alpha|list|hackers|support|feedback';
const ROLE_LOCAL = new RegExp(`^(?:${ROLE_WORDS}|(?:bugs?|help)[-_][a-z0-9._-]+|[a-z0-9._-]+[-_](?:${LIST_SUFFIXES}))$`, 'i');
/**
 * Hosts whose addresses are no person's: a list server's (`lists.debian.org`,
 * `lists.sourceforge.net`), the Linux kernel's, Google Groups',
 * groups.io's, FreeLists', Yahoo Groups', an Apache project's (`dev@spark.apache.org`: Apache's
 * committers are at apache.org itself, its lists at `<project>.apache.org`), and
 * Google Cloud's service accounts (`my-other-app@appspot.gserviceaccount.com`,
 * `sa@project.iam.gserviceaccount.com`: a program's identity). Not sourceforge.net as a whole:
 * `<user>@users.sourceforge.net` is a person's forwarding address (hundreds in /usr/share/doc);
 * nor a `listserv.` or `mailman.` host: Perl's AUTHORS names a person at `listserv.<their-domain>`.
 */
const NO_PERSON_HOST = /^lists?\.|^vger\.kernel\.org$|(?:^|\.)(?:(?:googlegroups|gserviceaccount|yahoogroups)\.com|groups\.io|freelists\.org)$|^[a-z0-9-]+\.apache\.org$/i;

/**
 * Project domains where a project's people and its lists share the host (a core developer's
 * `<name>@python.org` and `python-dev@python.org`). On them a list's name
 * (`dev`, `users`, `ideas` …, alone or after the project's) is a list; elsewhere `-dev` is as often
 * a person's alias (`<name>-dev@<their-domain>` and `dev@<their-domain>` sign
 * hundreds of Debian changelog entries), so it stays an address.
 */
const PROJECT_HOST = /^(?:python|gnu|nongnu|gnome|kde|freedesktop|sourceware|mozilla|openbsd|freebsd|netbsd|kernel|debian|fedoraproject)\.org$|^ubuntu\.com$/i;
const PROJECT_LIST_LOCAL = /^(?:[a-z0-9._]+-)?(?:dev|devel|user|users|general|announce|discuss|ideas|checkins|commits|questions|misc|tech)$/i;

/** Whether an e-mail address is a list's or a function's, no person's. */
export function roleMailbox(address: string): boolean {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const host = address.slice(at + 1);
  return ROLE_LOCAL.test(local) || NO_PERSON_HOST.test(host) || (PROJECT_HOST.test(host) && PROJECT_LIST_LOCAL.test(local));
}
