import { describe, expect, it } from 'vitest';
import { scanPii } from './engine.js';
import { roleMailbox } from './role-mailboxes.js';

const entities = (text: string, field = '') => scanPii(text, field).map((h) => `${h.entity} ${h.value}`);

describe('mailboxes no person holds', () => {
  it("reads a project's bug-report and list addresses as no one's, beside the word email too (glibc's locale sources)", () => {
    for (const t of ['email      "bug-somelib-locales@gnu.org"', 'contact    "somelib-locales@sourceware.org"', '% Email: locales@somewhere-localization.net', 'Send patches to frob-devel@lists.example-project.org', 'Mailing list: widget@googlegroups.com', 'Maintainer: Debian Frob Team <frob-maintainers@example-project.org>']) {
      expect(entities(t), t).toEqual([]);
    }
  });

  it("reads a list with no role word, an underscore-joined bug address, Git's SSH account and a product's support or feedback box as no one's", () => {
    const t = 'Patches go to libc-alpha@sourceware.org, crashes to qhull_bug@qhull.org; clone git@github.com:o/r.git; see linux-kernel@vger.kernel.org, python-list@python.org, pgsql-hackers@postgresql.org';
    expect(entities(t)).toEqual([]);
    for (const a of ['my-other-app@appspot.gserviceaccount.com', 'etl-runner@acme-prod.iam.gserviceaccount.com', 'aws-devicefarm-support@amazon.com', 'workspaces-feedback@amazon.com', 'incoming+acme-widgets-42-issue-@gitlab.example.org', 'help-somelib@gnu.org', 'help-desk@corp.example.com']) expect(roleMailbox(a), a).toBe(true);
  });

  it("reads an address on a list host, or a project list's name on a project's own domain, as no one's", () => {
    for (const a of ['widget-dev@groups.io', 'main@widget.groups.io', 'procps@freelists.org', 'sed-users-subscribe@yahoogroups.com', 'dev@arrow.apache.org', 'commits@spark.apache.org', 'user@commons.apache.org', 'python-dev@python.org', 'pandas-dev@python.org', 'python-ideas@python.org', 'misc@openbsd.org', 'gtk-dev@gnome.org']) {
      expect(roleMailbox(a), a).toBe(true);
      expect(entities(`Discussion: ${a}`), a).toEqual([]);
    }
  });

  it("still reads a person's -dev alias, a bare dev@ on their own domain, a SourceForge user's and an Apache committer's address as one", () => {
    for (const a of ['jane-dev@company.com', 'max-dev@mustermann-family.de', 'dev@janedoe.example.nl', 'jdoe@users.sourceforge.net', 'jdoe@apache.org', 'jane@python.org', 'someone@gnu.org', 'devon@ubuntu.com', 'jane-dev@example-lists.com', 'jdoe@listserv.example.ru']) {
      expect(roleMailbox(a), a).toBe(false);
      expect(entities(`% Email: ${a}`), a).toEqual([`EMAIL_ADDRESS ${a}`]);
    }
  });

  it("still reads a person's address as one, a role word inside a name or on a person's own domain too", () => {
    for (const a of ['keld.someone@dkuug.dk', 'bugsy.malone@mail.example.net', 'helper@example.org', 'info@firstname-lastname.de', 'webmaster@jane-doe.org', 'team.lead@corp.example.com', 'ops-team@corp.example.com', 'jane_doe@corp.example.com', 'gitte.hansen@corp.example.com', 'alpha.ng@corp.example.com']) {
      expect(roleMailbox(a), a).toBe(false);
      expect(entities(`% Email: ${a}`), a).toEqual([`EMAIL_ADDRESS ${a}`]);
    }
  });
});
