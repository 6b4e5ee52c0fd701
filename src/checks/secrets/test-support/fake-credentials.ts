/**
 * Credential-shaped test values, invented and assembled at run time so that no credential
 * appears verbatim in the source (secret scanners and push protection would rightly object).
 */
const join = (...parts: string[]): string => parts.join('');

export const FAKE = {
  awsAccessKeyId: join('AK', 'IA', 'Q3EGRIFH6RLMN4XZ'),
  awsSessionKeyId: join('AS', 'IA', 'T7KD2MWQ5HNBV8CE'),
  awsSecretAccessKey: join('q8Vd2Lk/7Hc+Tz', 'M4pWx9Rb1NjE5sYaFu3GoKiC7w'),
  githubToken: join('gh', 'p_', 'R7kq2Vx9LmT4wB8nZc3Hy6Jd1Fs5Pa0GeUo2'),
  githubFineGrained: join('github', '_pat_', '11ABCDEFG0', 'k2Lm9Qr7Tv3Wx5Yz8Bc4Df6Gh1Jk0Mn2Pq4Rs6Tu8Vw'),
  gitlabToken: join('gl', 'pat-', 'x7Km2Qp9Rt4Vw8Zb3Nc6'),
  slackBotToken: join('xo', 'xb-', '1234567890-0987654321-', 'Zk8Qm2Vx7Rt4Lp9Wn3Bc6Hy'),
  slackWebhook: join('https://hooks.', 'slack.com/services/', 'T01ABCDEF/B02GHIJKL/', 'q8Vd2Lk7HcTzM4pWx9Rb1NjE'),
  stripeKey: join('sk', '_live_', '51Hq8Vd2Lk7HcTzM4pWx9Rb1NjE5sYaFu3GoKiC'),
  googleApiKey: join('AI', 'za', 'Sy', 'B7kq2Vx9LmT4wB8nZc3Hy6Jd1Fs5Pa0Ge'),
  npmToken: join('np', 'm_', 'R7kq2Vx9LmT4wB8nZc3Hy6Jd1Fs5Pa0GeUo2'),
  jwt: join(
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
    '.',
    'eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6c2hvcDp3ZWIiLCJpYXQiOjE3MDAwMDAwMDB9',
    '.',
    'Qm9ndXNTaWduYXR1cmVGb3JUZXN0aW5nT25seTEyMzQ1Ng',
  ),
  /** jwt.io's well-known sample token. */
  jwtIoSample: join(
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
    '.',
    'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ',
    '.',
    'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  ),
  privateKey: [
    join('-----BEGIN ', 'RSA PRIVATE KEY-----'),
    'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
    'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK',
    'LxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo',
    join('-----END ', 'RSA PRIVATE KEY-----'),
  ].join('\n'),
  /** AWS's documented example key pair. */
  awsExampleKeyId: join('AK', 'IA', 'IOSFODNN7EXAMPLE'),
  awsExampleSecret: join('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYEXAMPLEKEY'),
};
