import { z } from 'zod';

// zod compiles parsers with `new Function` unless told not to; the server's CSP forbids eval.
z.config({ jitless: true });
