// Statements of the template language.
#include <corio/view/detail/parser.hpp>

#include <unordered_map>
#include <unordered_set>

namespace corio::view::detail {

Program parse(std::vector<Token> tokens, int max_depth) {
  return Parser(std::move(tokens), max_depth).run();
}

const Token& Parser::peek(std::size_t ahead) const {
  return toks_[std::min(i_ + ahead, toks_.size() - 1)];
}

bool Parser::is(std::string_view word, std::size_t ahead) const {
  const Token& t = peek(ahead);
  return (t.type == Tok::punct || t.type == Tok::ident) && t.text == word;
}

bool Parser::accept(std::string_view word) {
  if (!is(word)) return false;
  take();
  return true;
}

void Parser::expect(std::string_view word) {
  if (!accept(word)) unexpected();
}

void Parser::unexpected() const {
  const Token& t = peek();
  switch (t.type) {
    case Tok::eof: throw SyntaxError(t.pos, "Unexpected end of input");
    case Tok::ident:
    case Tok::punct: throw SyntaxError(t.pos, "Unexpected token '" + t.text + "'");
    case Tok::number: throw SyntaxError(t.pos, "Unexpected number");
    case Tok::string: throw SyntaxError(t.pos, "Unexpected string");
    case Tok::text:
    case Tok::out_escaped:
    case Tok::out_raw:
    case Tok::out_end:
    case Tok::stmt_break: throw SyntaxError(t.pos, "Unexpected end of tag");
    default: throw SyntaxError(t.pos, "Unexpected template string");
  }
}

void Parser::deepen() {
  if (++depth_ > max_depth_) throw SyntaxError(peek().pos, "Template nests too deeply");
}

Node* Parser::make(NodeKind kind, std::uint32_t pos) {
  Node& n = prog_.nodes.emplace_back();
  n.kind = kind;
  n.pos = pos;
  return &n;
}

std::string Parser::expect_ident() {
  if (peek().type != Tok::ident) unexpected();
  return take().text;
}

void Parser::end_statement() {
  const Token& t = peek();
  if (is(";") || t.type == Tok::stmt_break) { take(); return; }
  if (is("}") || t.type == Tok::eof || t.nl_before) return;
  unexpected();
}

void Parser::mark_scoped(Node* block) {
  for (const Node* k : block->kids) {
    if (k->kind == NodeKind::var_decl) block->flag = true;
  }
}

Program Parser::run() {
  Node* root = make(NodeKind::block, 0);
  while (peek().type != Tok::eof) root->kids.push_back(statement());
  mark_scoped(root);
  prog_.root = root;
  check_nesting();
  for (Node& n : prog_.nodes) {
    if (n.kind == NodeKind::block) compact(&n);
  }
  mark_free_names();
  mark_shapes();
  mark_item_bodies();
  return std::move(prog_);
}

namespace {

/// `name.key` (not `?.`): read without a Value when name holds a JSON object.
bool is_name_member(const Node* e) {
  return e->kind == NodeKind::member && !e->flag && e->kids[0]->kind == NodeKind::identifier;
}

}  // namespace

void Parser::mark_shapes() {
  for (Node& n : prog_.nodes) {
    if (n.kind == NodeKind::string) {
      if (n.str.find_first_of("&<>\"'") == std::string::npos) {
        n.op = kPlainString;
        n.str.reserve(kPaddedText);
      }
      continue;
    }
    if (n.kind == NodeKind::text) {
      n.str.reserve(kPaddedText);
      continue;
    }
    if (n.kind == NodeKind::member && is_name_member(&n)) {
      n.via = n.kids[0];
      continue;
    }
    if (n.kind == NodeKind::binary) {
      n.flag = (n.op == op_seq || n.op == op_sne) && is_name_member(n.kids[0]);
      if (n.flag) n.via = n.kids[0];
      continue;
    }
    if (n.kind != NodeKind::output || n.kids[0] == nullptr) continue;
    const Node* e = n.kids[0];
    if (is_name_member(e)) {
      n.op = out_member;
      n.via = e;
    } else if (e->kind == NodeKind::conditional && e->kids[1]->kind == NodeKind::string &&
               e->kids[2]->kind == NodeKind::string) {
      n.op = out_choice;
    }
  }
}

void Parser::mark_item_bodies() {
  // `for (const m of list) { %>...<%= m.key %>...<%= m.key === x ? 'a' : 'b' %>...<% }`: the body
  // declares nothing and only reads, so m is the only name it sees that the loop binds; every
  // other name (x must not be m) reads the same from the loop's own scope.
  for (Node& n : prog_.nodes) {
    if (n.kind != NodeKind::for_of || n.flag || n.op == 0) continue;
    const Node* var = n.kids[0];
    const Node* body = n.kids[2];
    if (var == nullptr || var->kind != NodeKind::identifier || body == nullptr ||
        body->kind != NodeKind::block || body->flag) {
      continue;
    }
    bool plain = true;
    for (const Node* s : body->kids) {
      if (s->kind == NodeKind::text || (s->kind == NodeKind::output && s->op == out_member)) continue;
      if (s->kind != NodeKind::output || s->op != out_choice) {
        plain = false;
        break;
      }
      const Node* test = s->kids[0]->kids[0];
      const Node* rhs = test->kind == NodeKind::binary && test->flag ? test->kids[1] : nullptr;
      if (rhs == nullptr || !(rhs->kind == NodeKind::string ||
                              (rhs->kind == NodeKind::identifier && rhs->name != var->name))) {
        plain = false;
        break;
      }
    }
    n.item_body = plain;
  }
}

void Parser::check_nesting() const {
  // The interpreter recurses once per level of the tree, so its depth bounds a render's stack.
  // The parser's count sees nearly all of it, but not an operand parsed before the links that
  // follow it: in `1+(1+(…)+1+1)+1+1` each chain's count is given back where it ends, yet each
  // link after a bracket pushes all that is inside it one level further down.
  std::vector<std::pair<const Node*, int>> todo{{prog_.root, 0}};
  while (!todo.empty()) {
    const auto [n, depth] = todo.back();
    todo.pop_back();
    if (depth > max_depth_) throw SyntaxError(n->pos, "Template nests too deeply");
    for (auto k = n->kids.rbegin(); k != n->kids.rend(); ++k) {
      if (*k != nullptr) todo.emplace_back(*k, depth + 1);
    }
  }
}

void Parser::mark_free_names() {
  // Every name a scope of this template can hold: declared, a parameter, or assigned (an
  // undeclared assignment makes a template-wide variable).
  std::unordered_set<std::string_view> bound;
  auto bind = [&bound](const Node* k) {
    if (k != nullptr && k->kind == NodeKind::identifier) bound.insert(k->str);
  };
  for (const Node& n : prog_.nodes) {
    if (n.kind == NodeKind::var_decl) {
      for (std::size_t i = 0; i < n.kids.size(); i += 2) bind(n.kids[i]);
    } else if (n.kind == NodeKind::for_of || n.kind == NodeKind::assign ||
               n.kind == NodeKind::update) {
      bind(n.kids[0]);
    } else if (n.kind == NodeKind::function) {
      for (std::size_t i = 0; i < static_cast<std::size_t>(n.num); ++i) bind(n.kids[i]);
    }
  }
  std::unordered_map<std::string_view, std::uint32_t> slots;
  std::unordered_map<std::string_view, const std::string*> names;
  for (Node& n : prog_.nodes) {
    if (n.kind != NodeKind::identifier) continue;
    n.name = names.emplace(n.str, &n.str).first->second;
    n.flag = !bound.contains(n.str);
    if (n.flag) n.slot = slots.emplace(n.str, static_cast<std::uint32_t>(slots.size())).first->second;
  }
  prog_.free_names = static_cast<std::uint32_t>(slots.size());
}

void Parser::compact(Node* block) {
  // Tag boundaries leave empty statements, and comments split text: neither changes what a
  // statement list does, and the interpreter then steps through half as many statements.
  std::vector<Node*>& kids = block->kids;
  std::size_t kept = 0;
  for (Node* k : kids) {
    if (k->kind == NodeKind::empty) continue;
    if (k->kind == NodeKind::text && kept > 0 && kids[kept - 1]->kind == NodeKind::text) {
      kids[kept - 1]->str += k->str;
      continue;
    }
    kids[kept++] = k;
  }
  kids.resize(kept);
}

Node* Parser::statement() {
  DepthGuard guard(*this);
  const Token& t = peek();
  if (t.type == Tok::stmt_break || is(";")) { take(); return make(NodeKind::empty, t.pos); }
  if (t.type == Tok::text) {
    Node* n = make(NodeKind::text, t.pos);
    n->str = take().text;
    return n;
  }
  if (t.type == Tok::out_escaped || t.type == Tok::out_raw) return output_stmt();
  if (is("{")) return block_body(take().pos);
  if (is("let") || is("const") || is("var")) return var_decl(true);
  if (is("if")) return if_stmt();
  if (is("for")) return for_stmt();
  if (is("while")) return while_stmt();
  if (is("do")) return do_while();
  if (is("function") && peek(1).type == Tok::ident) return function_decl();
  if (is("break") || is("continue")) {
    const NodeKind kind = is("break") ? NodeKind::break_stmt : NodeKind::continue_stmt;
    Node* n = make(kind, take().pos);  // (not in one call: arguments run in any order)
    end_statement();
    return n;
  }
  if (is("return")) {
    Node* n = make(NodeKind::return_stmt, take().pos);
    const Token& nx = peek();
    bool bare = is(";") || is("}") || nx.nl_before || nx.type == Tok::eof || nx.type == Tok::stmt_break;
    n->kids.push_back(bare ? nullptr : expression());
    end_statement();
    return n;
  }
  Node* n = make(NodeKind::expr_stmt, t.pos);
  n->kids.push_back(expression());
  end_statement();
  return n;
}

Node* Parser::block_body(std::uint32_t pos) {
  Node* n = make(NodeKind::block, pos);
  while (!is("}")) {
    if (peek().type == Tok::eof) unexpected();
    n->kids.push_back(statement());
  }
  take();
  mark_scoped(n);
  return n;
}

Node* Parser::output_stmt() {
  const Token& t = take();
  Node* n = make(NodeKind::output, t.pos);
  n->flag = t.type == Tok::out_escaped;
  n->kids.push_back(peek().type == Tok::out_end ? nullptr : expression());
  if (peek().type != Tok::out_end) unexpected();
  take();
  return n;
}

Node* Parser::var_decl(bool need_end) {
  const Token& kw = take();
  Node* n = make(NodeKind::var_decl, kw.pos);
  n->op = static_cast<std::uint8_t>(kw.text[0] == 'l' ? 'l' : kw.text[0] == 'c' ? 'c' : 'v');
  do {
    Node* id = make(NodeKind::identifier, peek().pos);
    id->str = expect_ident();
    n->kids.push_back(id);
    n->kids.push_back(accept("=") ? assignment() : nullptr);
  } while (accept(","));
  if (need_end) end_statement();
  return n;
}

Node* Parser::if_stmt() {
  Node* n = make(NodeKind::if_stmt, take().pos);
  expect("(");
  n->kids.push_back(expression());
  expect(")");
  n->kids.push_back(statement());
  // EJS emits `;` between tags, so `<% } %> <% else { %>` is an error there too.
  n->kids.push_back(accept("else") ? statement() : nullptr);
  return n;
}

Node* Parser::for_stmt() {
  std::uint32_t pos = take().pos;
  expect("(");
  bool decl = is("let") || is("const") || is("var");
  if (peek(decl ? 1 : 0).type == Tok::ident && (is("of", decl ? 2 : 1) || is("in", decl ? 2 : 1))) {
    Node* n = make(NodeKind::for_of, pos);
    n->op = decl ? static_cast<std::uint8_t>(take().text[0]) : 0;
    Node* id = make(NodeKind::identifier, peek().pos);
    id->str = take().text;
    n->flag = take().text == "in";
    n->kids = {id, expression(), nullptr};
    expect(")");
    n->kids[2] = statement();
    return n;
  }
  Node* n = make(NodeKind::for_loop, pos);
  Node* init = nullptr;
  if (decl) {
    init = var_decl(false);
  } else if (!is(";")) {
    init = make(NodeKind::expr_stmt, peek().pos);
    init->kids.push_back(expression());
  }
  expect(";");
  Node* cond = is(";") ? nullptr : expression();
  expect(";");
  Node* update = is(")") ? nullptr : expression();
  expect(")");
  n->kids = {init, cond, update, statement()};
  return n;
}

Node* Parser::while_stmt() {
  Node* n = make(NodeKind::while_loop, take().pos);
  expect("(");
  n->kids.push_back(expression());
  expect(")");
  n->kids.push_back(statement());
  return n;
}

Node* Parser::do_while() {
  Node* n = make(NodeKind::while_loop, take().pos);
  n->flag = true;
  Node* body = statement();
  while (peek().type == Tok::stmt_break) take();
  expect("while");
  expect("(");
  n->kids = {expression(), body};
  expect(")");
  if (is(";")) take();
  return n;
}

Node* Parser::function_decl() {
  std::uint32_t pos = take().pos;
  Node* id = make(NodeKind::identifier, peek().pos);
  id->str = take().text;
  Node* fn = make(NodeKind::function, pos);
  function_rest(fn);
  // A declaration is a `var name = function...` hoisted to where it stands.
  Node* n = make(NodeKind::var_decl, pos);
  n->op = 'v';
  n->kids = {id, fn};
  return n;
}

}  // namespace corio::view::detail
