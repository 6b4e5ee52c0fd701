import { describe, expect, it } from 'vitest';
import { detectCredentials, maskSecret, type CredentialFinding } from './credential-detector.js';
import { FAKE } from './test-support/fake-credentials.js';

function kinds(name: string | undefined, value: string): string[] {
  return detectCredentials(name, value).map((finding) => finding.kind);
}

function only(name: string | undefined, value: string): CredentialFinding {
  const findings = detectCredentials(name, value);
  expect(findings, JSON.stringify(findings)).toHaveLength(1);
  return findings[0]!;
}

function expectNoClearText(findings: CredentialFinding[], secret: string): void {
  for (const finding of findings) expect(JSON.stringify(finding)).not.toContain(secret);
}

describe('maskSecret', () => {
  it('shows at most 4 leading and trailing characters of long values', () => {
    expect(maskSecret(FAKE.awsAccessKeyId)).toBe('AKIA************N4XZ');
    expect(maskSecret('a'.repeat(100))).toBe(`aaaa${'*'.repeat(12)}aaaa`);
  });

  it('shows nothing of short values, not even their length', () => {
    expect(maskSecret('hunter22')).toBe('********');
    expect(maskSecret('s3cr3t-passw0rd-x')).toBe('********');
  });

  it('keeps a public prefix only', () => {
    expect(maskSecret(FAKE.slackWebhook, 'https://hooks.slack.com/services/')).toBe('https://hooks.slack.com/services/********');
  });
});

describe('detectCredentials: shapes recognised whatever the name', () => {
  it.each([
    ['aws-access-key-id', FAKE.awsAccessKeyId],
    ['aws-access-key-id', FAKE.awsSessionKeyId],
    ['github-token', FAKE.githubToken],
    ['github-token', FAKE.githubFineGrained],
    ['gitlab-token', FAKE.gitlabToken],
    ['slack-token', FAKE.slackBotToken],
    ['slack-webhook', FAKE.slackWebhook],
    ['stripe-key', FAKE.stripeKey],
    ['google-api-key', FAKE.googleApiKey],
    ['npm-token', FAKE.npmToken],
    ['jwt', FAKE.jwt],
  ])('%s', (kind, token) => {
    const finding = only('SETTING', token);
    expect(finding.kind).toBe(kind);
    expectNoClearText([finding], token);
  });

  it('finds a token inside a longer value and reports it once, not again by name', () => {
    const findings = detectCredentials('GITHUB_TOKEN', `token ${FAKE.githubToken}`);
    expect(findings.map((finding) => finding.kind)).toEqual(['github-token']);
    expect(only('AUTHORIZATION', `Bearer ${FAKE.jwt}`).kind).toBe('jwt');
  });

  it('finds a PEM private key block, multi-line or with escaped newlines', () => {
    const finding = only('tls.key', FAKE.privateKey);
    expect(finding).toMatchObject({ kind: 'private-key', masked: '-----BEGIN RSA PRIVATE KEY----- (key material hidden)', line: 1 });
    expect(only('KEY_PEM', FAKE.privateKey.replace(/\n/g, '\\n')).kind).toBe('private-key');
    expectNoClearText([finding], 'MIIEowIBAAKCAQEA');
  });

  it('ignores documentation samples and stand-ins', () => {
    expect(kinds('AWS_ACCESS_KEY_ID', FAKE.awsExampleKeyId)).toEqual([]);
    expect(kinds('AWS_SECRET_ACCESS_KEY', FAKE.awsExampleSecret)).toEqual([]);
    expect(kinds('AWS_ACCESS_KEY_ID', 'AKIAXXXXXXXXXXXXXXXX')).toEqual([]);
    expect(kinds('TOKEN', FAKE.jwtIoSample)).toEqual([]);
    expect(kinds('key', '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----')).toEqual([]);
    expect(kinds('key', '-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----')).toEqual([]);
  });

  it('ignores public material and look-alikes', () => {
    expect(kinds('ca.crt', '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----')).toEqual([]);
    expect(kinds('key.pub', '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----')).toEqual([]);
    expect(kinds('IMAGE', 'ghcr.io/acme/ghp_tool:1.0')).toEqual([]);
    expect(kinds('NOTE', 'XAKIAQ3EGRIFH6RLMN4XZ')).toEqual([]);
    expect(kinds('HEADER', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXN0cmluZy0x')).toEqual([]);
  });
});

describe('detectCredentials: connection strings', () => {
  it.each([
    ['postgres://app:S3cure-Pa55@db.shop.svc:5432/app', 'postgres://app:********@db.shop.svc:5432'],
    ['mongodb+srv://admin:p%40ss-w0rd@cluster0.abcde.mongodb.net/prod', 'mongodb+srv://admin:********@cluster0.abcde.mongodb.net'],
    ['redis://:Rd1s-Pass@redis-master:6379/0', 'redis://:********@redis-master:6379'],
    ['https://deploy:Tk9-long-pass@nexus.corp.example/repository', 'https://deploy:********@nexus.corp.example'],
    ['jdbc:mysql://db:3306/app?user=root&password=R00t-Pass', 'password=********'],
    ['Server=tcp:db,1433;Database=app;User Id=sa;Password=Sql-Pass-2024;', 'Password=********'],
    ['host=db port=5432 user=app password=Pg-Pass-99 dbname=app', 'password=********'],
  ])('%s', (value, masked) => {
    const finding = only('DATABASE_URL', value);
    expect(finding).toMatchObject({ kind: 'connection-string', masked });
  });

  it('ignores references, placeholders and URLs without a password', () => {
    expect(kinds('DATABASE_URL', 'postgres://app:$(DB_PASSWORD)@db:5432/app')).toEqual([]);
    expect(kinds('DATABASE_URL', 'postgres://app:${DB_PASSWORD}@db:5432/app')).toEqual([]);
    expect(kinds('DATABASE_URL', 'postgres://user:password@localhost/db')).toEqual([]);
    expect(kinds('DATABASE_URL', 'mysql://root:****@db/app')).toEqual([]);
    expect(kinds('DATABASE_URL', 'postgres://app@db:5432/app?sslmode=require')).toEqual([]);
    expect(kinds('ENDPOINT', 'http://api.shop.svc:8080/v1')).toEqual([]);
    expect(kinds('REPO', 'ssh://git@github.com:22/acme/app.git')).toEqual([]);
    expect(kinds('DSN', 'host=db user=app password=$(PGPASSWORD) dbname=app')).toEqual([]);
  });
});

describe('detectCredentials: names that say they hold a credential', () => {
  it.each([
    ['DB_PASSWORD', 'hunter22', 'password'],
    ['MYSQL_ROOT_PASSWORD', 'admin', 'password'],
    ['REDIS_PASS', 'r3d1s!', 'password'],
    ['dbPassword', 'Tr0ub4dor&3', 'password'],
    ['spring.datasource.password', 'Spr1ng-Pass', 'password'],
    ['KEYSTORE_PASSPHRASE', 'correct horse battery', 'password'],
    ['CLIENT_SECRET', 'a8f5f167f44f4964e6c998dee827110c', 'secret'],
    ['JWT_SECRET', 'super-secret-jwt-2024', 'secret'],
    ['SECRET_KEY_BASE', '9f1c2e7a8b3d4f5a6c7e8d9f0a1b2c3d', 'secret'],
    ['API_TOKEN', 'tok_8c2Fq91ZxLmN', 'token'],
    ['SENDGRID_API_KEY', 'SG.x7Km2Qp9Rt4Vw8Zb3Nc6.q8Vd2Lk7HcTzM4pWx9Rb1NjE5sYaFu3GoKiC', 'key'],
    ['apiKey', 'k_7Hc2TzM4pWx9Rb', 'key'],
    ['ENCRYPTION_KEY', 'ZmVkY2JhOTg3NjU0MzIxMA==', 'key'],
    ['client-key-data', 'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=', 'key'],
    ['AUTHORIZATION', 'Basic ZGVwbG95OlRrOS1sb25nLXBhc3M=', 'token'],
  ])('%s', (name, value, kind) => {
    const finding = only(name, value);
    expect(finding).toMatchObject({ kind, name, line: 1 });
    expectNoClearText([finding], value);
  });

  it('recognises an AWS secret access key by its name and shape', () => {
    expect(only('AWS_SECRET_ACCESS_KEY', FAKE.awsSecretAccessKey).kind).toBe('aws-secret-access-key');
    expect(only('secretAccessKey', FAKE.awsSecretAccessKey).kind).toBe('aws-secret-access-key');
    expect(only('AWS_SECRET_ACCESS_KEY', 'not-forty-chars-but-Secret-9').kind).toBe('secret');
    expect(kinds('CHECKSUM', FAKE.awsSecretAccessKey)).toEqual([]);
  });

  it.each([
    ['PASSWORD_FILE', '/run/secrets/db-password'],
    ['TOKEN_TTL', '3600'],
    ['SECRET_NAME', 'web-tls'],
    ['existingSecret', 'postgres-credentials'],
    ['imagePullSecret', 'regcred'],
    ['tlsSecret', 'ingress-tls'],
    ['TOKEN_URL', 'https://login.example.com/oauth/token'],
    ['ACCESS_KEY_ID', 'rotated-by-irsa'],
    ['PUBLIC_KEY', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO7 deploy@ci'],
    ['MAPBOX_PUBLIC_TOKEN', 'pk.eyJ1IjoiYWNtZSJ9.abc'],
    ['nextPageToken', 'CAEQAA'],
    ['CACHE_KEY', 'v2-build-cache-8f3a'],
    ['PWD', '/app'],
    ['BYPASS', 'true'],
    ['DB_PASSWORD', ''],
    ['DB_PASSWORD', '$(POSTGRES_PASSWORD)'],
    ['DB_PASSWORD', '${DB_PASSWORD}'],
    ['DB_PASSWORD', '{{ .Values.db.password }}'],
    ['DB_PASSWORD', 'changeme'],
    ['DB_PASSWORD', 'CHANGE_ME'],
    ['DB_PASSWORD', '<your-password>'],
    ['DB_PASSWORD', 'your-password-here'],
    ['DB_PASSWORD', '********'],
    ['DB_PASSWORD', 'xxx'],
    ['DB_PASSWORD', 'example-password'],
    ['DB_PASSWORD', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf'],
    ['DB_PASSWORD', 'ENC[AES256_GCM,data:Tr3XoA==,iv:abc,tag:def,type:str]'],
    ['KEYSTORE_PASSWORD', 'changeit'],
    ['API_KEY', 'disabled'],
    ['GITHUB_TOKEN', 'please set this in the pipeline settings'],
    ['DB_PASSWORD', '!vault |'],
    ['clientSecret', '$dex.github.clientSecret'],
    ['oidc.clientSecret', '$argocd-oidc:clientSecret'],
  ])('not %s=%j', (name, value) => {
    expect(kinds(name, value)).toEqual([]);
  });
});

describe('detectCredentials: whole config files', () => {
  it('reads YAML, properties, JSON, XML, env files and JVM flags, with line numbers', () => {
    const file = [
      'server:',
      '  port: 8080',
      'database:',
      '  password: "Pr0d-DB-Pass" # rotated quarterly',
      'spring.datasource.password=Spr1ng-Pass',
      '{"apiKey": "k_7Hc2TzM4pWx9Rb", "region": "eu-west-1"}',
      '<config><secret>xml-Secret-42</secret></config>',
      "export SLACK_TOKEN='not-a-slack-shape-9x'",
      'JAVA_OPTS=-Xmx512m -Djavax.net.ssl.keyStorePassword=Ks-Pass-77 -Dfile.encoding=UTF-8',
      '# password: Commented-0ut',
      `aws_access_key_id = ${FAKE.awsAccessKeyId}`,
      `aws_secret_access_key = ${FAKE.awsSecretAccessKey}`,
    ].join('\n');
    const findings = detectCredentials('application.yaml', file);
    expect(findings.map((finding) => [finding.line, finding.kind, finding.name])).toEqual([
      [4, 'password', 'password'],
      [5, 'password', 'spring.datasource.password'],
      [6, 'key', 'apiKey'],
      [7, 'secret', 'secret'],
      [8, 'token', 'SLACK_TOKEN'],
      [9, 'password', 'javax.net.ssl.keyStorePassword'],
      [11, 'aws-access-key-id', undefined],
      [12, 'aws-secret-access-key', 'aws_secret_access_key'],
    ]);
    expectNoClearText(findings, 'Pr0d-DB-Pass');
    expectNoClearText(findings, FAKE.awsSecretAccessKey);
  });

  it('decodes registry credentials in a docker config.json', () => {
    const auth = Buffer.from('deploy:Tk9-long-pass').toString('base64');
    const config = JSON.stringify({ auths: { 'registry.corp.example': { auth } } }, null, 2);
    const finding = only('config.json', config);
    expect(finding).toMatchObject({ kind: 'registry-auth', name: 'auth', line: 4 });
    expect(kinds('config.json', JSON.stringify({ auths: { 'r.example': { auth: Buffer.from('user').toString('base64') } } }))).toEqual([]);
  });

  it('reads a single value written as a YAML block scalar under its key', () => {
    expect(only('DB_PASSWORD', 'Bl0ck-Pass\n')).toMatchObject({ kind: 'password', line: 1 });
  });

  it('does not let a short reported value hide a longer one that contains it', () => {
    const findings = detectCredentials('app.env', 'DB_PASSWORD=admin\nAPI_TOKEN=admin-8c2Fq91ZxLmN');
    expect(findings.map((finding) => finding.name)).toEqual(['DB_PASSWORD', 'API_TOKEN']);
  });

  it('reads YAML list items', () => {
    expect(detectCredentials('users.yaml', 'users:\n  - password: Li5t-Item-Pass\n    name: ops').map((finding) => finding.line)).toEqual([2]);
  });

  it('stays fast on large values without separators', () => {
    const started = performance.now();
    expect(detectCredentials('blob', 'a'.repeat(1_000_000))).toEqual([]);
    expect(detectCredentials('blob', `${'a1.'.repeat(300_000)}=`)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('leaves ordinary configuration alone', () => {
    const nginx = [
      'server {',
      '  listen 80;',
      '  auth_basic_user_file /etc/nginx/htpasswd;',
      '  location / { proxy_pass http://web:8080; }',
      '}',
    ].join('\n');
    expect(detectCredentials('nginx.conf', nginx)).toEqual([]);
    const prometheus = [
      'scrape_configs:',
      '  - job_name: kubelet',
      '    bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token',
      '    basic_auth:',
      '      username: prometheus',
      '      password_file: /etc/prometheus/password',
    ].join('\n');
    expect(detectCredentials('prometheus.yml', prometheus)).toEqual([]);
  });
});

describe('masking connection strings', () => {
  it('hides a password that itself contains @, up to the last @ of the authority', () => {
    const findings = detectCredentials('DATABASE_URL', 'postgres://app:S3cr3t@Pa55@db.internal:5432/shop');
    expect(findings.map((finding) => finding.masked)).toEqual(['postgres://app:********@db.internal:5432']);
    expect(JSON.stringify(findings)).not.toMatch(/S3cr3t|Pa55/);
  });
});
