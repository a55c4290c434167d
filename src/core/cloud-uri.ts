/** A cloud object-store URI split into the bucket (the IaC-declared thing) and the key inside it. */
export interface CloudUri {
  provider: 'aws' | 'gcp' | 'azure';
  /** Bucket name, or `<account>/<container>` for Azure. */
  bucket: string;
  /** Object key or prefix inside the bucket ('' for the bucket itself). */
  key: string;
  /** The storage asset's locator (the id convention of src/core/cloud-resource.ts). */
  storageLocator: string;
  /** The object's canonical URI (`s3://bucket/key`). */
  canonical: string;
}

const azureHost = /^([a-z0-9]{3,24})\.(?:blob|dfs)\.core\.windows\.net$/i;

/**
 * Parses the URI spellings code and notebooks use for cloud storage: `s3://`, `s3a://`, `s3n://`,
 * `gs://`, virtual-host and path-style S3 HTTPS URLs, `storage.googleapis.com`, Azure
 * `https://<acct>.blob.core.windows.net/<container>/…`, `abfs[s]://` and `wasb[s]://`.
 * Returns undefined for anything else (local paths, templated bucket names).
 */
export function parseCloudUri(raw: string): CloudUri | undefined {
  const value = raw.trim().replace(/^["'`]|["'`]$/g, '');
  let m = /^(s3a?|s3n|gs):\/\/([^/?#\s]+)\/?([^?#\s]*)/i.exec(value);
  if (m) {
    const provider = m[1]!.toLowerCase() === 'gs' ? 'gcp' : 'aws';
    return make(provider, m[2]!.toLowerCase(), m[3] ?? '');
  }
  m = /^(abfss?|wasbs?):\/\/([^@/\s]+)@([^/\s]+)\/?([^?#\s]*)/i.exec(value);
  if (m) {
    const host = azureHost.exec(m[3]!);
    if (!host) return undefined;
    return make('azure', `${host[1]!.toLowerCase()}/${m[2]!.toLowerCase()}`, m[4] ?? '');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.toLowerCase();
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const az = azureHost.exec(host);
  if (az && parts.length) return make('azure', `${az[1]!.toLowerCase()}/${parts[0]!.toLowerCase()}`, parts.slice(1).join('/'));
  if (host === 'storage.googleapis.com' && parts.length) return make('gcp', parts[0]!.toLowerCase(), parts.slice(1).join('/'));
  const vhost = /^([a-z0-9.-]+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/.exec(host);
  if (vhost) return make('aws', vhost[1]!, parts.join('/'));
  if (/^s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/.test(host) && parts.length) return make('aws', parts[0]!.toLowerCase(), parts.slice(1).join('/'));
  return undefined;
}

function make(provider: CloudUri['provider'], bucket: string, key: string): CloudUri | undefined {
  // `s3://{bucket}/…`, `s3://${BUCKET}` and friends are templates, not names: no join on them.
  if (!bucket || /[{}$<>%*]/.test(bucket)) return undefined;
  const k = key.replace(/^\/+/, '');
  if (provider === 'azure') {
    const [account, container] = bucket.split('/') as [string, string];
    const storageLocator = `https://${account}.blob.core.windows.net/${container}`;
    return { provider, bucket, key: k, storageLocator, canonical: k ? `${storageLocator}/${k}` : storageLocator };
  }
  const scheme = provider === 'gcp' ? 'gs' : 's3';
  const storageLocator = `${scheme}://${bucket}`;
  return { provider, bucket, key: k, storageLocator, canonical: k ? `${storageLocator}/${k}` : storageLocator };
}
