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
 * `lists.sourceforge.net`), the Linux kernel's, Google Groups', and Google Cloud's service accounts
 * (`my-other-app@appspot.gserviceaccount.com`, `sa@project.iam.gserviceaccount.com`: a program's identity).
 */
const NO_PERSON_HOST = /^lists?\.|^vger\.kernel\.org$|(?:^|\.)(?:googlegroups|gserviceaccount)\.com$/i;

/** Whether an e-mail address is a list's or a function's, no person's. */
export function roleMailbox(address: string): boolean {
  const at = address.lastIndexOf('@');
  return ROLE_LOCAL.test(address.slice(0, at)) || NO_PERSON_HOST.test(address.slice(at + 1));
}
