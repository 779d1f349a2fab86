import { z } from 'zod';

// zod compiles fast parsers with `new Function` when it may; under Parlor's CSP (no
// 'unsafe-eval') the attempt is refused and reported as a violation. Tell it not to try.
z.config({ jitless: true });
