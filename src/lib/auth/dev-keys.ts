import { createSign } from 'node:crypto';

/*
 * DEVELOPMENT ONLY. THIS KEY PAIR IS PUBLIC: it is committed to the repository, so anyone can
 * sign tokens with it. The verifier (clerk.ts) trusts it only when NODE_ENV is not 'production'
 * and neither CLERK_JWT_KEY nor CLERK_SECRET_KEY is set; `npm run dev:token` signs with it so
 * GraphiQL and curl can act as a seeded user without a Clerk account.
 * Generated once with node:crypto generateKeyPairSync('rsa', { modulusLength: 2048 }).
 */
export const DEV_ISSUER = 'https://dev.clerk.invalid';
export const DEV_KEY_ID = 'ins_dev_local';
export const DEV_AUTHORIZED_PARTY = 'http://localhost:4000';

export const DEV_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwF7fFp6EMeFqYysS8gnC
+FnFzYP+I0VU5elPEXCeo4q2vxq4dIPGyi2k0eryt5Zq3LYGly7zdReLJCLkbDBS
xG2EtPh9byIroao9b3tkC7CFp5+Br8eh/Lk8W3wRBStjtR5Nc+Tf0E1HGiLoP3S8
06kS3zq4XOAj2+OyEY/eg6ryUSJbmF8sujTJJXh6+xG05KX14zNo978FEtvVtZaT
QPlmyQQPdmZB3NOK3eK9rDLqrPhJEVR9/OJxg//sdyMezx4jQ8uXd42FYRmrPiIV
t0bmrBVxSyom3W6/VvaiyhexEzOljUP2OxyFLR1E1pYt78xfE05xFAkRUo5ZX+Wq
qQIDAQAB
-----END PUBLIC KEY-----
`;

export const DEV_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDAXt8WnoQx4Wpj
KxLyCcL4WcXNg/4jRVTl6U8RcJ6jira/Grh0g8bKLaTR6vK3lmrctgaXLvN1F4sk
IuRsMFLEbYS0+H1vIiuhqj1ve2QLsIWnn4Gvx6H8uTxbfBEFK2O1Hk1z5N/QTUca
Iug/dLzTqRLfOrhc4CPb47IRj96DqvJRIluYXyy6NMkleHr7EbTkpfXjM2j3vwUS
29W1lpNA+WbJBA92ZkHc04rd4r2sMuqs+EkRVH384nGD/+x3Ix7PHiNDy5d3jYVh
Gas+IhW3RuasFXFLKibdbr9W9qLKF7ETM6WNQ/Y7HIUtHUTWli3vzF8TTnEUCRFS
jllf5aqpAgMBAAECggEABHkAN1qqqK08x7774whCkfsmW/OmcEP/qBPPXJCxg4xp
WNKieMUKlW9Pvni3uXiEFgseZpv3GaEZQVcVWAWcmwgP1pRTeEbDXHAkmwezqQjq
5p2RCpj55XIaGudszuG2IQMqGlh3MrTlQxCONVF9xW8QKwQGvtQQSV/HJ1zgt89y
lciyWbJ1b2iYVPC/JAGIM2ufuzEQ7EG8Bb7Vjtg50Wa3cwna9bpDPIrRr5ZkTEcI
7l5d+QWhPgi0JAQay+qkJisdM/t2+I1oReOST/1teew/935oqRj00e0/AUoa4ck9
FEEuug7GvgN8hYZCKu6oqnGy3oANItvR2QRfRKANYQKBgQDwzW4C83lS+ZGbXvHe
43nBlylDqPlewDXr27tGZfnOAV/aR4NQSP7r3C59ZRC/gc+VdL6xGYhGY8YHbV3P
5iTf2UTD9zcTBd8bqyxSXtROxtR+XjIujOqtFB2jkw5HZkhbqMEG2ZF6cfXbui8O
Hwuvtz683iEwAs+nV2Nw9BDheQKBgQDMgvFvowozqIX9QfSZMZBFd0Qi8uZlOOUp
Q2puhQhktRKUp0DSEG1ZJLb9se3xc+CBNiim0CxFxGG60hZcksSGT6V61gX4vmWR
xb7xibTFU4hkkTH85LOqhyczyMLnnBJkE1WZlFJKmFlEmecqzGcnN9yrimlV6kvR
aqUgc6x2sQKBgH4pIxootcfjOYZNmCtOwtvKdrQcM4qQ6a9I0DVx+A8WaUHTddj6
ZZTtJu5LpRqwyDFlmQLwfZVjcL0zb5Mc4PTmwEBrpU8yJFI6vF3rkRA029/ZOjFp
YwqLH3wz76c4z3A2Wetc0ft0+XrFcSHU4iqNtzD8sCaXUnQ6NL9ZH/8BAoGBAIbe
xAJvb0bqGJMQcBKnURG+ubyim7adcuNnhkUkjoh7sak/M8xU8Qgc4mEkelsFpEUS
RnTcTJYmEJ139y9NyzUYSXVct8t3JNyhoG8B9ak8kXJhHqo82Q/Y2c2Y1JCRqL8+
0PDbk/mFxzkqlfzvmAeRG4I1YYo7XYzZ29Qu9MnBAoGBALOzxIkQv9eQqfFQF1dk
buMi4Voc1W8EvYxlCHejGCeILEFZ6hSJpcr7zP6EfpKRC7faIgUh6vH8oDI2p9OB
YuWNiQ0zcrJxZgPuNlonS9Jxf7blPrb/od7EPWPbNGzwTptW6tHLHgS0HC4C4Vyd
+Uy89eB0V0giDJHEnlrJ9ezR
-----END PRIVATE KEY-----
`;

export interface DevTokenInput {
  clerkUserId: string;
  org?: { clerkOrgId: string; role: string; slug: string } | null;
  /** Lifetime in seconds; real Clerk session tokens live 60 s, a dev token a working day. */
  ttlSeconds?: number;
  azp?: string;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs a session token shaped like Clerk's v2 session tokens, with the public dev key. */
export function signDevSessionToken(input: DevTokenInput, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: DEV_KEY_ID };
  const payload = {
    sub: input.clerkUserId,
    sid: `sess_dev_${iat.toString(36)}`,
    iat,
    nbf: iat - 5,
    exp: iat + (input.ttlSeconds ?? 12 * 3600),
    iss: DEV_ISSUER,
    azp: input.azp ?? DEV_AUTHORIZED_PARTY,
    v: 2,
    ...(input.org ? { o: { id: input.org.clerkOrgId, rol: input.org.role, slg: input.org.slug } } : {}),
  };
  const signingInput = `${b64url(header)}.${b64url(payload)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(DEV_PRIVATE_KEY).toString('base64url');
  return `${signingInput}.${signature}`;
}
