import type { NftFamily, NftSetSpec } from './ast';
import type { NftCommand, NftName, NftObj, NftOp } from './command';
import { Cursor, locOf } from './cursor';
import { nftError, notSimulated } from './error';
import { END_BLOCK, NftRecovery } from './recovery';
import { spanOf, type NftLocation, type NftToken } from './lexer';
import { parseHookSpec, parsePolicy, parseSetBody } from './parse-chain';
import { parseStmts } from './parse-stmt';
import { parseElements, type ValueContext } from './parse-value';

/*
 * nft's command grammar (parser_bison.y), for the commands modelled: `add|create|insert|
 * replace|delete|flush|list` of tables, chains, rules, sets, maps and elements, the block forms
 * (`table ip t { chain c { … } }`), a rule without `add rule` (`[add] [FAMILY] TABLE CHAIN
 * STMTS`), and `include "FILE"`. Every command ends with a newline, ';' or the end of input;
 * inside a block every item does. Mistakes are recovered from as nft does (recovery.ts).
 */

export interface ParseContext extends ValueContext {
  /** A named set's type: one the ruleset has, or one declared earlier in this input. */
  lookupSet(family: NftFamily, table: string, name: string): { spec: NftSetSpec; map: boolean } | undefined;
  /** The tokens of an included file (with its own input index), or an error. */
  include(path: string, at: NftLocation): NftToken[];
  /** Families nft has that are not modelled: the parser refuses them with this message. */
  unmodelledFamily(family: string): string;
}

const FAMILIES = new Set(['ip', 'inet', 'ip6', 'arp', 'bridge', 'netdev']);
const VERBS = new Set(['add', 'create', 'insert', 'replace', 'delete', 'flush', 'list']);
const OBJECTS = new Set(['table', 'chain', 'rule', 'set', 'map', 'element', 'ruleset', 'tables', 'chains', 'sets', 'maps']);
const END_TOP = 'end of file or newline or semicolon';

export class NftParser extends NftRecovery {
  readonly commands: NftCommand[] = [];
  private readonly declared: { family: NftFamily; table: string; name: string; spec: NftSetSpec; map: boolean }[] = [];

  constructor(c: Cursor, private readonly ctx: ParseContext) {
    super(c);
  }

  /** The whole input. */
  parse(): void {
    const c = this.c;
    for (;;) {
      while (c.peek().kind === 'newline' || c.peek().kind === 'semicolon') c.next();
      if (c.peek().kind === 'eof') return;
      const start = c.peek();
      if (c.is('include')) {
        this.guard(() => {
          const kw = c.next();
          const file = c.next();
          if (file.kind !== 'quoted') throw c.unexpected('quoted string', file);
          // nft's location of the include runs to the newline that ends it.
          const terminator = c.peek();
          this.end(END_TOP);
          c.tokens.splice(c.pos, 0, ...this.ctx.include(file.text, spanOf(kw, terminator)));
        });
        continue;
      }
      this.guard(() => {
        const before = this.commands.length;
        this.command(start);
        const made = this.commands.slice(before);
        if (made.length === 1 && ['chain', 'rule', 'set', 'map'].includes(made[0]!.obj)) made[0]!.loc = this.whole(start);
      });
    }
  }

  private end(expecting: string): void {
    if (!this.c.atEnd()) throw this.c.unexpected(expecting);
    if (this.c.peek().kind !== 'eof') this.c.next();
  }

  /** A command's place, for the kernel's refusals: from its first word to the newline or ';' ending it. */
  private whole(start: NftToken): NftLocation {
    return spanOf(start, this.c.tokens[this.c.pos - 1]!);
  }

  private family(): NftFamily {
    const t = this.c.peek();
    if (t.kind !== 'string' || !FAMILIES.has(t.text)) return 'ip';
    this.c.next();
    if (t.text !== 'ip' && t.text !== 'inet') throw nftError(this.ctx.unmodelledFamily(t.text), locOf(t));
    return t.text;
  }

  private nameOf(t: NftToken): NftName {
    return { text: t.text, loc: locOf(t) };
  }

  private command(start: NftToken): void {
    const c = this.c;
    let op: NftOp = 'add';
    if (c.peek().kind === 'string' && VERBS.has(c.peek().text)) op = c.next().text as NftOp;
    const objTok = c.peek();
    if (objTok.kind !== 'string' || !OBJECTS.has(objTok.text)) {
      // A line starting with punctuation: bison has too many things it could expect to name them.
      if (objTok === start && objTok.kind === 'punct') throw c.unexpected();
      // `[add] [FAMILY] TABLE CHAIN STMTS` is `add rule`.
      if (op !== 'add' && op !== 'insert') throw c.unexpected();
      return this.rule(op, start, false);
    }
    const obj = c.next().text as NftObj;
    if (op === 'list') return this.list(obj, start);
    if (obj === 'ruleset') {
      if (op !== 'flush') throw c.unexpected(undefined, objTok);
      const family = c.peek().kind === 'string' && FAMILIES.has(c.peek().text) ? this.family() : undefined;
      this.push({ op, obj, loc: spanOf(start, objTok), ...(family ? { family } : {}) });
      return this.end(END_TOP);
    }
    if (obj === 'rule') return this.rule(op, start, true);
    const family = this.family();
    const table = this.nameOf(c.name());
    if (obj === 'table') {
      const cmd: NftCommand = { op, obj, family, table, loc: spanOf(start, c.tokens[c.pos - 1]!) };
      this.push(cmd);
      if (c.is('{') && (op === 'add' || op === 'create')) this.tableBlock(cmd);
      return this.end(END_TOP);
    }
    const name = this.nameOf(c.name());
    const loc = spanOf(start, c.tokens[c.pos - 1]!);
    if (obj === 'chain') {
      const cmd: NftCommand = { op, obj, family, table, name, loc };
      if (c.is('{') && (op === 'add' || op === 'create')) return this.chainBlock(cmd, END_TOP);
      this.push(cmd);
      return this.end(END_TOP);
    }
    if (obj === 'set' || obj === 'map') {
      if (op === 'add' || op === 'create') return this.setBlock({ op, obj, family, table, name, loc }, END_TOP);
      this.push({ op, obj, family, table, name, loc });
      return this.end(END_TOP);
    }
    // element
    const set = this.ctx.lookupSet(family, table.text, name.text) ?? this.declared.find((d) => d.family === family && d.table === table.text && d.name === name.text);
    if (!set) throw nftError('No such file or directory', name.loc);
    const elementLocs: NftLocation[] = [];
    const elements = parseElements(c, set.spec.keyType, set.map ? set.spec.dataType : undefined, this.ctx, undefined, elementLocs);
    this.push({ op, obj, family, table, name, loc, elements, elementLocs });
    this.end(END_TOP);
  }

  private push(cmd: NftCommand): void {
    this.commands.push(cmd);
  }

  private list(obj: NftObj, start: NftToken): void {
    const c = this.c;
    const cmd: NftCommand = { op: 'list', obj, loc: spanOf(start, c.tokens[c.pos - 1]!) };
    if (['ruleset', 'tables', 'chains', 'sets', 'maps'].includes(obj)) {
      if (c.peek().kind === 'string' && FAMILIES.has(c.peek().text)) cmd.family = this.family();
    } else {
      cmd.family = this.family();
      cmd.table = this.nameOf(c.name());
      if (obj !== 'table') cmd.name = this.nameOf(c.name());
    }
    this.push(cmd);
    this.end(END_TOP);
  }

  private rule(op: NftOp, start: NftToken, explicit: boolean): void {
    const c = this.c;
    const family = this.family();
    const table = this.nameOf(c.name());
    const chain = this.nameOf(c.name());
    const cmd: NftCommand = { op, obj: 'rule', family, table, name: chain, loc: spanOf(start, c.tokens[c.pos - 1]!) };
    const pos = c.peek();
    if (explicit && (c.is('position') || c.is('handle') || c.is('index'))) {
      c.next();
      const n = c.next();
      if (n.kind !== 'number') throw c.unexpected('number', n);
      cmd.position = { kind: pos.text === 'index' ? 'index' : 'handle', n: Number(n.text), loc: op === 'add' || op === 'insert' ? spanOf(pos, n) : locOf(n) };
    }
    if (op === 'delete') {
      if (!cmd.position || pos.text !== 'handle') throw c.unexpected('handle');
      this.push(cmd);
      return this.end(END_TOP);
    }
    if (op === 'replace' && pos.text !== 'handle') throw c.unexpected('handle');
    cmd.rule = parseStmts(c, { family, ...this.ctx });
    this.push(cmd);
    this.end(END_TOP);
  }

  private tableBlock(table: NftCommand): void {
    const c = this.c;
    c.expect('{');
    const chains: NftCommand[] = [];
    const sets: NftCommand[] = [];
    const rules: NftCommand[] = [];
    for (;;) {
      while (c.peek().kind === 'newline' || c.peek().kind === 'semicolon') c.next();
      if (this.blockClosed()) break;
      const start = c.peek();
      this.guard(() => {
        if (c.accept('flags')) {
          const f = c.next();
          if (f.text !== 'dormant') throw c.unexpected(undefined, f);
          table.dormant = true;
          return this.end(END_BLOCK);
        }
        if (c.accept('comment')) {
          table.comment = c.next().text;
          return this.end(END_BLOCK);
        }
        const kind = c.next();
        if (['counter', 'quota', 'limit', 'ct', 'flowtable', 'secmark', 'synproxy'].includes(kind.text)) throw notSimulated(`${kind.text} objects`, locOf(kind));
        if (kind.text !== 'chain' && kind.text !== 'set' && kind.text !== 'map') throw c.unexpected(undefined, kind);
        const name = this.nameOf(c.name());
        const cmd: NftCommand = { op: 'add', obj: kind.text, family: table.family!, table: table.table!, name, loc: spanOf(start, kind) };
        const before = this.commands.length;
        if (kind.text === 'chain') {
          this.chainBlock(cmd, END_BLOCK);
          // A chain declared in a table block: the kernel's refusal points at its name (recorded).
          cmd.loc = name.loc;
        }
        else {
          this.setBlock(cmd, END_BLOCK);
          cmd.loc = name.loc;
        }
        // Move what the block made into nft's order: chains, then sets, then the rules.
        for (const made of this.commands.splice(before)) (made.obj === 'rule' ? rules : made.obj === 'chain' ? chains : sets).push(made);
      }, true);
    }
    this.commands.push(...chains, ...sets, ...rules);
  }

  private chainBlock(chain: NftCommand, expecting: string): void {
    const c = this.c;
    c.expect('{');
    this.push(chain);
    let policy: { value: 'accept' | 'drop'; loc: NftLocation } | undefined;
    for (;;) {
      while (c.peek().kind === 'newline' || c.peek().kind === 'semicolon') c.next();
      if (this.blockClosed()) break;
      const start = c.peek();
      this.guard(() => {
        if (c.accept('type')) chain.base = { ...parseHookSpec(c), policy: chain.base?.policy ?? 'accept' };
        else if (c.is('policy')) {
          const kw = c.next();
          policy = { value: parsePolicy(c), loc: spanOf(kw, c.tokens[c.pos - 1]!) };
        } else if (c.accept('comment')) chain.comment = c.next().text;
        else {
          const rule = parseStmts(c, { family: chain.family!, ...this.ctx });
          this.push({ op: 'add', obj: 'rule', family: chain.family!, table: chain.table!, name: chain.name!, loc: rule.loc, rule });
        }
        this.end(END_BLOCK);
      }, true);
    }
    // A policy is a base chain's: on a chain without a hook the kernel refuses it (EOPNOTSUPP).
    if (policy && chain.base) chain.base.policy = policy.value;
    else if (policy) chain.policyWithoutHook = policy.loc;
    // The kernel's refusal of the chain points at all of it, block included.
    chain.loc = spanOf(chain.loc, c.tokens[c.pos - 1]!);
    this.end(expecting);
  }

  private setBlock(cmd: NftCommand, expecting: string): void {
    const c = this.c;
    const map = cmd.obj === 'map';
    const { spec, elements, elementLocs } = parseSetBody(c, map, this.ctx, () => this.blockClosed());
    cmd.set = { spec, map };
    if (elements) Object.assign(cmd, { elements, elementLocs });
    if (spec.keyType.length === 0) throw nftError('set definition does not specify key', cmd.name!.loc);
    this.declared.push({ family: cmd.family!, table: cmd.table!.text, name: cmd.name!.text, spec, map });
    this.push(cmd);
    this.end(expecting);
  }
}
