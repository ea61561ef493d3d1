/** `sum`: JSON numbers only (numeric strings, booleans, null and objects ignored), negatives and fractions. */
import { agg, data, day, def, track } from '../build.ts';
import type { Fixture } from '../fixture.ts';

const A = day(10);
const exported = [100, 250.5, '1000', -50, null, undefined, true, 0.25, { n: 1 }] as const;
const formats = ['csv', 'pdf', 'csv', 'csv', 'csv', 'csv', 'csv', 'pdf', 'pdf'] as const;

export const sumFixtures: Fixture[] = [
  {
    name: 'sums numbers, ignores everything else',
    definition: def({
      signals: {
        rows: agg({ event: 'Report Exported', sum: 'rows', atLeast: 300 }),
        rowsAbove: agg({ event: 'Report Exported', sum: 'rows', atLeast: 301 }),
        csvRows: agg({ event: 'Report Exported', sum: 'rows', where: { format: 'csv' } }),
        recentRows: agg({ event: 'Report Exported', sum: 'rows', within: '3d' }),
        refunds: agg({ event: 'Refund', sum: 'amount', atMost: -10 }),
        orderUsd: agg({ event: 'Order', sum: 'cost.usd' }),
      },
    }),
    dataset: data({
      events: [
        ...exported.map((rows, i) =>
          track('u1', 'Report Exported', day(i + 1), {
            format: formats[i] ?? 'csv',
            ...(rows === undefined ? {} : { rows }),
          }),
        ),
        track('u2', 'Refund', day(1), { amount: -5 }),
        track('u2', 'Refund', day(2), { amount: -10 }),
        track('u2', 'Order', day(3), { cost: { usd: 19.5 } }),
        track('u2', 'Order', day(3), { cost: { usd: '5' } }),
        track('u2', 'Order', day(3), { cost: 7 }),
        track('u3', 'Login', day(1)),
      ],
    }),
    asOf: [A],
    expect: [
      {
        entityId: 'u1',
        asOf: A,
        signals: {
          rows: { holds: true, value: 300.75 },
          rowsAbove: { holds: false, value: 300.75 },
          csvRows: { holds: true, value: 50 },
          // Window (day 7, day 10]: 0.25 on day 8 (day 9's object is ignored), below at_least 1.
          recentRows: { holds: false, value: 0.25 },
        },
      },
      {
        entityId: 'u2',
        asOf: A,
        signals: {
          refunds: { holds: true, value: -15 },
          orderUsd: { holds: true, value: 19.5 },
        },
      },
      // Nothing to add: the sum is 0, below the default at_least of 1.
      { entityId: 'u3', asOf: A, signals: { rows: { holds: false, value: 0 } } },
    ],
  },
];
