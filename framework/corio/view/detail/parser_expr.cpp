// Expressions of the template language (precedence climbing).
#include <corio/view/detail/parser.hpp>

#include <cstring>

namespace corio::view::detail {
namespace {

struct BinInfo {
  const char* text;
  int prec;
  NodeKind kind;
  std::uint8_t op;
};

constexpr BinInfo kBinOps[] = {
    {"??", 1, NodeKind::logical, '?'},   {"||", 1, NodeKind::logical, '|'},
    {"&&", 2, NodeKind::logical, '&'},   {"|", 3, NodeKind::binary, op_bor},
    {"^", 4, NodeKind::binary, op_bxor}, {"&", 5, NodeKind::binary, op_band},
    {"===", 6, NodeKind::binary, op_seq}, {"!==", 6, NodeKind::binary, op_sne},
    {"==", 6, NodeKind::binary, op_eq},  {"!=", 6, NodeKind::binary, op_ne},
    {"<", 7, NodeKind::binary, op_lt},   {"<=", 7, NodeKind::binary, op_le},
    {">", 7, NodeKind::binary, op_gt},   {">=", 7, NodeKind::binary, op_ge},
    {"in", 7, NodeKind::binary, op_in},  {"+", 9, NodeKind::binary, op_add},
    {"-", 9, NodeKind::binary, op_sub},  {"*", 10, NodeKind::binary, op_mul},
    {"/", 10, NodeKind::binary, op_div}, {"%", 10, NodeKind::binary, op_mod},
    {"**", 11, NodeKind::binary, op_pow},
};

constexpr std::pair<const char*, std::uint8_t> kAssignOps[] = {
    {"=", op_assign}, {"+=", op_add}, {"-=", op_sub}, {"*=", op_mul},
    {"/=", op_div},   {"%=", op_mod}, {"**=", op_pow},
};

}  // namespace

void Parser::check_target(const Node* n, const char* message) const {
  if (n->kind != NodeKind::identifier && n->kind != NodeKind::member &&
      n->kind != NodeKind::index) {
    throw SyntaxError(n->pos, message);
  }
}

Node* Parser::expression() { return assignment(); }

Node* Parser::assignment() {
  if (arrow_ahead()) return arrow_function();
  Node* left = conditional();
  for (auto [text, op] : kAssignOps) {
    if (!is(text) || peek().type != Tok::punct) continue;
    check_target(left, "Invalid left-hand side in assignment");
    Node* n = make(NodeKind::assign, take().pos);
    n->op = op;
    n->kids = {left, nested_assignment()};
    return n;
  }
  return left;
}

Node* Parser::nested_assignment() {
  // `a = b = c`, `a ? b : c ? d : e` and `x => y => z` recurse here, each one level deeper.
  DepthGuard guard(*this);
  return assignment();
}

Node* Parser::conditional() {
  Node* cond = binary(1);
  if (!is("?") || peek().type != Tok::punct) return cond;
  Node* n = make(NodeKind::conditional, take().pos);
  Node* then = nested_assignment();
  expect(":");
  n->kids = {cond, then, nested_assignment()};
  return n;
}

Node* Parser::binary(int min_prec) {
  DepthGuard guard(*this);
  ChainDepth chain(*this);
  Node* left = unary();
  while (true) {
    const Token& t = peek();
    if (t.type != Tok::punct && !(t.type == Tok::ident && t.text == "in")) return left;
    const BinInfo* info = nullptr;
    for (const BinInfo& b : kBinOps) {
      if (t.text == b.text) { info = &b; break; }
    }
    if (info == nullptr || info->prec < min_prec) return left;
    chain.link();
    take();
    // `**` is right-associative; the others are left-associative.
    Node* right = binary(info->op == op_pow && info->kind == NodeKind::binary ? info->prec
                                                                              : info->prec + 1);
    Node* n = make(info->kind, t.pos);
    n->op = info->op;
    n->kids = {left, right};
    left = n;
  }
}

Node* Parser::unary() {
  DepthGuard guard(*this);
  const Token& t = peek();
  if (t.type == Tok::punct && (t.text == "!" || t.text == "-" || t.text == "+" || t.text == "~")) {
    Node* n = make(NodeKind::unary, take().pos);
    n->op = static_cast<std::uint8_t>(t.text[0]);
    n->kids.push_back(unary());
    return n;
  }
  if (is("typeof") || is("void")) {
    Node* n = make(NodeKind::unary, t.pos);
    n->op = take().text[0] == 't' ? 't' : 'v';
    n->kids.push_back(unary());
    return n;
  }
  if (t.type == Tok::punct && (t.text == "++" || t.text == "--")) {
    Node* n = make(NodeKind::update, take().pos);
    n->op = static_cast<std::uint8_t>(t.text[0]);
    n->flag = true;
    n->kids.push_back(unary());
    check_target(n->kids[0], "Invalid left-hand side expression in prefix operation");
    return n;
  }
  return postfix();
}

Node* Parser::postfix() {
  Node* e = call_chain(primary());
  const Token& t = peek();
  if (t.type == Tok::punct && !t.nl_before && (t.text == "++" || t.text == "--")) {
    Node* n = make(NodeKind::update, take().pos);
    n->op = static_cast<std::uint8_t>(t.text[0]);
    n->kids.push_back(e);
    check_target(e, "Invalid left-hand side expression in postfix operation");
    return n;
  }
  return e;
}

Node* Parser::call_chain(Node* e) {
  ChainDepth chain(*this);
  bool in_optional = false;
  while (true) {
    const Token& t = peek();
    if (t.type != Tok::punct) return e;
    bool optional = t.text == "?.";
    if (optional) in_optional = true;
    if (t.text == "." || (optional && peek(1).type == Tok::ident)) {
      chain.link();
      take();
      Node* n = make(NodeKind::member, t.pos);
      n->str = expect_ident();
      n->flag = in_optional;
      n->kids.push_back(e);
      e = n;
    } else if (t.text == "[" || (optional && is("[", 1))) {
      chain.link();
      take();
      if (optional) take();
      Node* n = make(NodeKind::index, t.pos);
      n->flag = in_optional;
      n->kids = {e, expression()};
      expect("]");
      e = n;
    } else if (t.text == "(" || (optional && is("(", 1))) {
      chain.link();
      if (optional) take();
      Node* n = make(NodeKind::call, t.pos);
      n->flag = in_optional;
      n->kids.push_back(e);
      for (Node* a : arguments()) n->kids.push_back(a);
      e = n;
    } else {
      return e;
    }
  }
}

std::vector<Node*> Parser::arguments() {
  expect("(");
  std::vector<Node*> args;
  while (!is(")")) {
    args.push_back(assignment());
    if (!accept(",")) break;
  }
  expect(")");
  return args;
}

Node* Parser::primary() {
  DepthGuard guard(*this);
  const Token& t = peek();
  switch (t.type) {
    case Tok::number: {
      Node* n = make(NodeKind::number, t.pos);
      n->num = take().num;
      return n;
    }
    case Tok::string: {
      Node* n = make(NodeKind::string, t.pos);
      n->str = take().text;
      return n;
    }
    case Tok::tpl_full:
    case Tok::tpl_head: return template_literal();
    case Tok::ident: break;
    case Tok::punct:
      if (t.text == "(") {
        take();
        Node* e = expression();
        expect(")");
        return e;
      }
      if (t.text == "[") return array_literal();
      if (t.text == "{") return object_literal();
      unexpected();
    default: unexpected();
  }
  if (t.text == "function") return function_expr();
  static constexpr std::pair<const char*, char> kLiterals[] = {
      {"true", 't'}, {"false", 'f'}, {"null", 'n'}};
  for (auto [word, op] : kLiterals) {
    if (t.text == word) {
      Node* n = make(NodeKind::literal, take().pos);
      n->op = static_cast<std::uint8_t>(op);
      return n;
    }
  }
  static constexpr const char* kReserved[] = {"let", "const", "var", "if", "else", "for", "while",
                                              "do", "break", "continue", "return", "new", "this",
                                              "class", "in", "of", "typeof", "void"};
  for (const char* word : kReserved) {
    if (t.text == word && std::strcmp(word, "of") != 0) unexpected();
  }
  Node* n = make(NodeKind::identifier, t.pos);
  n->str = take().text;
  return n;
}

Node* Parser::template_literal() {
  Node* n = make(NodeKind::template_lit, peek().pos);
  while (true) {
    const Token& t = take();
    Node* part = make(NodeKind::string, t.pos);
    part->str = t.text;
    n->kids.push_back(part);
    if (t.type == Tok::tpl_full || t.type == Tok::tpl_tail) return n;
    n->kids.push_back(expression());
    if (peek().type != Tok::tpl_middle && peek().type != Tok::tpl_tail) unexpected();
  }
}

Node* Parser::array_literal() {
  Node* n = make(NodeKind::array_lit, take().pos);
  while (!is("]")) {
    if (is("...")) {
      Node* s = make(NodeKind::unary, take().pos);
      s->op = '.';
      s->kids.push_back(assignment());
      n->kids.push_back(s);
    } else {
      n->kids.push_back(assignment());
    }
    if (!accept(",")) break;
  }
  expect("]");
  return n;
}

namespace {

/// True when every key of object literal `n` is a name or string, each once, and nothing is
/// spread: the literal then means exactly its pairs, in order.
bool is_plain_object(const Node* n) {
  for (std::size_t i = 0; i < n->kids.size(); i += 2) {
    const Node* key = n->kids[i];
    if (key == nullptr || key->kind != NodeKind::string) return false;
    for (std::size_t j = 0; j < i; j += 2) {
      if (n->kids[j]->str == key->str) return false;
    }
  }
  return true;
}

}  // namespace

Node* Parser::object_literal() {
  Node* n = make(NodeKind::object_lit, take().pos);
  while (!is("}")) {
    const Token& t = peek();
    if (is("...")) {
      take();
      n->kids.push_back(nullptr);  // a null key marks a spread
      n->kids.push_back(assignment());
    } else if (t.type == Tok::ident || t.type == Tok::string || t.type == Tok::number) {
      Node* key = make(NodeKind::string, t.pos);
      if (t.type == Tok::number) {
        key->num = t.num;
        key->kind = NodeKind::number;
      }
      key->str = take().text;
      n->kids.push_back(key);
      if (t.type == Tok::ident && (is(",") || is("}"))) {
        Node* id = make(NodeKind::identifier, t.pos);
        id->str = key->str;
        n->kids.push_back(id);
      } else {
        expect(":");
        n->kids.push_back(assignment());
      }
    } else {
      unexpected();
    }
    if (!accept(",")) break;
  }
  expect("}");
  n->flag = is_plain_object(n);
  return n;
}

Node* Parser::function_expr() {
  Node* fn = make(NodeKind::function, take().pos);
  if (peek().type == Tok::ident) take();  // the name of a named function expression
  return function_rest(fn);
}

Node* Parser::function_rest(Node* fn) {
  expect("(");
  while (!is(")")) {
    Node* p = make(NodeKind::identifier, peek().pos);
    p->str = expect_ident();
    fn->kids.push_back(p);
    if (!accept(",")) break;
  }
  expect(")");
  fn->num = static_cast<double>(fn->kids.size());
  if (!is("{")) unexpected();
  fn->kids.push_back(block_body(take().pos));
  return fn;
}

bool Parser::arrow_ahead() const {
  if (peek().type == Tok::ident) return is("=>", 1);
  if (!is("(")) return false;
  int depth = 0;
  for (std::size_t k = 0;; ++k) {
    const Token& t = peek(k);
    if (t.type == Tok::eof) return false;
    if (t.type != Tok::punct) continue;
    if (t.text == "(") ++depth;
    if (t.text == ")" && --depth == 0) return is("=>", k + 1);
  }
}

Node* Parser::arrow_function() {
  Node* fn = make(NodeKind::function, peek().pos);
  if (peek().type == Tok::ident) {
    Node* p = make(NodeKind::identifier, peek().pos);
    p->str = take().text;
    fn->kids.push_back(p);
  } else {
    expect("(");
    while (!is(")")) {
      Node* p = make(NodeKind::identifier, peek().pos);
      p->str = expect_ident();
      fn->kids.push_back(p);
      if (!accept(",")) break;
    }
    expect(")");
  }
  expect("=>");
  fn->num = static_cast<double>(fn->kids.size());
  if (is("{")) {
    fn->kids.push_back(block_body(take().pos));
  } else {
    fn->flag = true;
    fn->kids.push_back(nested_assignment());
  }
  return fn;
}

}  // namespace corio::view::detail
