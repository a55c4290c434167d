import { describe, expect, it } from 'vitest';
import { scanPii } from './engine.js';
import { nanpFictional } from './nanp.js';

const entities = (text: string, field = '') => scanPii(text, field).map((h) => `${h.entity} ${h.value}`);

/**
 * Lines of API documentation (botocore's service models, Node's docs) that were reported, each
 * beside the hit it must still make.
 */
describe('PII precision on API documentation', () => {
  it("reads a timestamp's seconds, fraction and UTC offset as no phone number, beside a call word too (Transcribe's docs)", () => {
    const doc = 'Timestamps are in the format <code>YYYY-MM-DD\'T\'HH:MM:SS.SSSSSS-UTC</code>. For example, <code>2022-05-04T12:32:58.789000-07:00</code> represents';
    expect(entities(doc, 'shapes.CallAnalyticsJob.members.StartTime.documentation')).toEqual([]);
    expect(entities('2022-05-04T12:32:58.789000-07:00', 'phone')).toEqual([]);
    expect(entities('call 58.789000-0700 at 12:30')).toEqual(['PHONE_NUMBER 58.789000-0700']);
  });

  it("reads a code inside a hyphen-joined identifier as no ICD-10 code (MediaConvert's CableLabs spec), a range of codes as two", () => {
    const doc = 'Form the XML document as per OC-SP-ESAM-API-I03-131025. The transcoder will use';
    expect(entities(doc, 'shapes.EsamManifestConfirmConditionNotification.members.MccXml.documentation')).toEqual([]);
    expect(entities('diagnosis codes I10-I15 and E10.9-E11')).toEqual(['ICD10_CODE I10', 'ICD10_CODE I15', 'ICD10_CODE E10.9', 'ICD10_CODE E11']);
    expect(entities('Diagnosis: I03 (see OC-SP)')).toEqual(['ICD10_CODE I03']);
  });

  it("reads North America's numbers for fiction, 555-0100 to 555-0199, as no phone number (Pinpoint's, Entity Resolution's docs)", () => {
    expect(entities('For the SMS channel, use a phone number in E.164 format, such as +12065550100.')).toEqual([]);
    expect(entities('different phone number formats such as <b>555-010-0000</b> and <b>+1-555-010-0000</b>')).toEqual([]);
    expect(entities('phone: (206) 555-0199', '')).toEqual([]);
    expect(entities('2065550150', 'phone')).toEqual([]);
    // Beside them, a number of the same exchange outside the block, and Mexico City's 55 5010 …, still are.
    expect(entities('phone: (206) 555-0200 or +52 55 5010 2938')).toEqual(['PHONE_NUMBER (206) 555-0200', 'PHONE_NUMBER +52 55 5010 2938']);
    expect(nanpFictional('55 5010 2938')).toBe(false);
  });

  it('reads a made-up range outside IPv6 global unicast as no address (WAF\'s and Node\'s docs)', () => {
    expect(entities('from IP addresses 1111:0000:0000:0000:0000:0000:0000:0000 to 1111:0000:0000:0000:ffff:ffff:ffff:ffff, specify')).toEqual([]);
    expect(entities("blockList.addSubnet('8592:757c:efae:4e45::', 64, 'ipv6');")).toEqual([]);
    expect(entities('client ip 2a02:26f0:fd00:1::5c')).toEqual(['IP_ADDRESS 2a02:26f0:fd00:1::5c']);
  });

  it("reads a version with a pre-release after a hyphen as no IPv4 address (V8's in Node's process.versions)", () => {
    expect(entities("  uvwasi: '0.0.20',\n  v8: '12.4.254.14-node.11',\n")).toEqual([]);
    expect(entities('remote host 12.4.254.14 refused')).toEqual(['IP_ADDRESS 12.4.254.14']);
  });

  it('reads a file name and a placeholder top-level domain as no e-mail address (Location Service\'s docs, WorkMail\'s)', () => {
    expect(entities('Sprites are served as <code>sprites@2x.json</code> for high pixel density')).toEqual([]);
    expect(entities('for example <code>user@domain.tld</code> or <code>group@domain.tld</code>')).toEqual([]);
    expect(entities('write to ana.silva@sprites.io')).toEqual(['EMAIL_ADDRESS ana.silva@sprites.io']);
  });

  it("reads a package's version after its name as no e-mail address (a CycloneDX SBOM's purl, jetty's)", () => {
    expect(entities('"purl" : "pkg:maven/org.wildfly.common/wildfly-common@1.7.0.Final?type=jar",')).toEqual([]);
    expect(entities('"bom-ref" : "pkg:maven/io.netty/netty-common@4.1.115.Final?type=jar"')).toEqual([]);
    expect(entities('write to wang.fang@163.com or ana@mail.2024.example.org')).toEqual(['EMAIL_ADDRESS wang.fang@163.com', 'EMAIL_ADDRESS ana@mail.2024.example.org']);
  });

  it("reads a one-letter user and password as no credentials (the URL standard's example in Node's docs)", () => {
    expect(entities("const myURL = new URL('https://a:b@host-one.net?abc#foo');")).toEqual([]);
    expect(entities('upload to https://svc:Kx8vQ2mLp@files.northwind-corp.net/in')).toEqual(['URL_WITH_CREDENTIALS https://svc:Kx8vQ2mLp@files.northwind-corp.net']);
  });
});
