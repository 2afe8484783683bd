#pragma once
/// @file Parses the token stream of a template into its Program.

#include <corio/view/detail/ast.hpp>
#include <corio/view/detail/lexer.hpp>

#include <string_view>
#include <vector>

namespace corio::view::detail {

/// Parses `tokens` (from tokenize_template) into a Program; throws SyntaxError.
Program parse(std::vector<Token> tokens, int max_depth = 200);

/// The recursive-descent parser; statements in parser.cpp, expressions in parser_expr.cpp.
class Parser {
 public:
  /// A parser over `tokens` nesting at most `max_depth` deep.
  Parser(std::vector<Token> tokens, int max_depth) : toks_(std::move(tokens)), max_depth_(max_depth) {}
  /// Parses the whole template.
  Program run();

 private:
  friend struct DepthGuard;
  friend struct ChainDepth;
  void deepen();  // one level deeper; throws past max_depth_
  const Token& peek(std::size_t ahead = 0) const;
  const Token& take() { return toks_[i_ < toks_.size() - 1 ? i_++ : i_]; }
  bool is(std::string_view punct_or_word, std::size_t ahead = 0) const;
  bool accept(std::string_view punct_or_word);
  void expect(std::string_view punct_or_word);
  [[noreturn]] void unexpected() const;
  Node* make(NodeKind kind, std::uint32_t pos);
  std::string expect_ident();
  void end_statement();
  void check_target(const Node* n, const char* message) const;
  static void mark_scoped(Node* block);
  static void compact(Node* block);
  void mark_free_names();
  void mark_shapes();  // the OutputShape of output nodes; kPlainString
  void mark_item_bodies();  // Node::item_body (after mark_shapes)
  void check_nesting() const;  // no node deeper than max_depth_ (the tree's walks recurse)

  Node* statement();
  Node* block_body(std::uint32_t pos);
  Node* var_decl(bool need_end);
  Node* if_stmt();
  Node* for_stmt();
  Node* while_stmt();
  Node* do_while();
  Node* output_stmt();
  Node* function_decl();

  Node* expression();
  Node* assignment();
  Node* nested_assignment();  // an assignment() that is an operand of the one being parsed
  Node* conditional();
  Node* binary(int min_prec);
  Node* unary();
  Node* postfix();
  Node* call_chain(Node* e);
  Node* primary();
  Node* template_literal();
  Node* array_literal();
  Node* object_literal();
  Node* function_expr();
  Node* arrow_function();
  bool arrow_ahead() const;
  Node* function_rest(Node* fn);
  std::vector<Node*> arguments();

  std::vector<Token> toks_;
  std::size_t i_ = 0;
  int depth_ = 0;
  int max_depth_;
  Program prog_;
};

/// Bounds the parser's recursion so hostile templates cannot exhaust the stack.
struct DepthGuard {
  explicit DepthGuard(Parser& p) : p_(p) { p_.deepen(); }
  ~DepthGuard() { --p_.depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
  Parser& p_;
};

/// Counts the links of a left-associative chain (`a + b + c`, `a.b.c`, `f()()`, `a[0][0]`): the
/// parser builds it in a loop, but the tree it makes is one level deeper per link, and the
/// interpreter recurses once per level. The levels are given back when the chain ends.
struct ChainDepth {
  explicit ChainDepth(Parser& p) : p_(p), start_(p.depth_) {}
  ~ChainDepth() { p_.depth_ = start_; }
  ChainDepth(const ChainDepth&) = delete;
  ChainDepth& operator=(const ChainDepth&) = delete;
  /// One more link, at the current token (its operator); throws past the limit.
  void link() { p_.deepen(); }
  Parser& p_;
  int start_;
};

}  // namespace corio::view::detail
