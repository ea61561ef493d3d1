/**
 * A deliberately small SQL tree: enough structure for the compiler to assemble a query and for
 * `formatSql` to print it readably. Expressions are already-rendered dialect text; the tree only
 * orders the clauses. Nodes are plain frozen values with a `kind` and a same-named factory.
 */

export interface SelectNode {
  readonly kind: 'select';
  readonly distinct: boolean;
  readonly columns: readonly string[];
  readonly from: string;
  readonly joins: readonly string[];
  readonly where: readonly string[];
  readonly groupBy: readonly string[];
  readonly orderBy: readonly string[];
}

/** `UNION ALL` of its parts. */
export interface UnionNode {
  readonly kind: 'union';
  readonly parts: readonly SelectNode[];
}

export interface CteNode {
  readonly name: string;
  /** A one-line comment printed above the CTE; compiler-written text only, never user input. */
  readonly note: string | null;
  readonly body: SelectNode | UnionNode;
}

export interface QueryNode {
  readonly kind: 'query';
  readonly ctes: readonly CteNode[];
  readonly body: SelectNode;
  /** Engine settings after the outermost SELECT, or ''. */
  readonly suffix: string;
}

type SelectParts = Partial<Omit<SelectNode, 'kind'>> & Pick<SelectNode, 'columns' | 'from'>;

export function select(parts: SelectParts): SelectNode {
  return Object.freeze({
    kind: 'select',
    distinct: parts.distinct ?? false,
    columns: parts.columns,
    from: parts.from,
    joins: parts.joins ?? [],
    where: parts.where ?? [],
    groupBy: parts.groupBy ?? [],
    orderBy: parts.orderBy ?? [],
  });
}

export function union(parts: readonly SelectNode[]): UnionNode {
  return Object.freeze({ kind: 'union', parts });
}

export function cte(name: string, body: SelectNode | UnionNode, note: string | null = null): CteNode {
  return Object.freeze({ name, note, body });
}

export function query(ctes: readonly CteNode[], body: SelectNode, suffix: string): QueryNode {
  return Object.freeze({ kind: 'query', ctes, body, suffix });
}
