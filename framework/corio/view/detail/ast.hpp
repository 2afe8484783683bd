#pragma once
/// @file The compiled form of a template: one tree of nodes, owned by a Program.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace corio::view::detail {

/// What a node is; the layout of `kids` is given per kind.
enum class NodeKind : std::uint8_t {
  // expressions
  number,        ///< `num`
  string,        ///< `str`; op: kPlainString when escaping leaves it as it is (and then its
                 ///< capacity is kPaddedText at least)
  literal,       ///< op: 't' true, 'f' false, 'n' null, 'u' undefined
  template_lit,  ///< kids: string parts and expressions, alternating (string first)
  array_lit,     ///< kids: elements
  object_lit,    ///< kids: key (string node), value, key, value...; flag: plain (distinct names)
  identifier,    ///< `str` is the name; flag: free (no scope of the template can bind it)
  member,        ///< kids[0].str; flag: `?.`
  index,         ///< kids[0][kids[1]]; flag: `?.`
  call,          ///< kids[0](kids[1..]); flag: `?.(`
  unary,         ///< op kids[0]; op: '!' '-' '+' '~' 't' (typeof) 'v' (void)
  binary,        ///< kids[0] op kids[1]; op from BinOp; flag: `name.key === x` or `!==`
  logical,       ///< op: '&' (&&), '|' (||), '?' (??)
  conditional,   ///< kids[0] ? kids[1] : kids[2]
  assign,        ///< kids[0] op= kids[1]; op: '=' or a BinOp
  update,        ///< ++/-- on kids[0]; op: '+' or '-'; flag: prefix
  function,      ///< kids: params (identifiers) then body; num: param count; flag: expression body
  // statements
  text,          ///< literal output `str` (capacity kPaddedText at least)
  output,        ///< output kids[0] (may be empty); flag: escaped; op: OutputShape
  var_decl,      ///< kids: identifier, init (or empty) pairs; op: 'l' let, 'c' const, 'v' var
  if_stmt,       ///< kids: cond, then, else (may be empty)
  for_of,        ///< kids: identifier target, iterable, body; op: decl kind; flag: for-in
  for_loop,      ///< kids: init, cond, update, body (any may be empty)
  while_loop,    ///< kids: cond, body; flag: do-while
  block,         ///< kids: statements; flag: declares variables (needs its own scope)
  expr_stmt,     ///< kids[0]
  break_stmt,    ///< break
  continue_stmt, ///< continue
  return_stmt,   ///< kids: value (may be empty)
  empty,         ///< nothing
};

/// Binary operators.
enum BinOp : std::uint8_t {
  op_add, op_sub, op_mul, op_div, op_mod, op_pow, op_eq, op_ne, op_seq, op_sne, op_lt, op_le,
  op_gt, op_ge, op_band, op_bor, op_bxor, op_in, op_assign,
};

/// What an output node prints (its `op`), found once the template is parsed: the interpreter
/// prints these shapes without making a Value when it can.
enum OutputShape : std::uint8_t {
  out_any,     ///< any other expression
  out_member,  ///< `name.key` (not `?.`)
  out_choice,  ///< `cond ? 'a' : 'b'`: both branches string literals
};

/// A string node's `op` when its text has no byte that HTML escaping changes.
constexpr std::uint8_t kPlainString = 'p';

/// The capacity the parser gives the text of text nodes and kPlainString strings, so that
/// Output::append_padded may read that many bytes of it.
constexpr std::size_t kPaddedText = 32;

/// One node of the tree.
struct Node {
  NodeKind kind = NodeKind::empty;  ///< what it is
  std::uint8_t op = 0;              ///< operator / variant
  bool flag = false;                ///< kind-specific flag
  /// for_of (declared, not for-in): its body is one statement list of text and outputs of the
  /// shapes out_member and out_choice (see Parser::mark_item_bodies), which reads no variable
  /// but the item and names the loop cannot change: each item runs without binding it.
  bool item_body = false;
  std::uint32_t pos = 0;            ///< offset in the template text
  double num = 0;                   ///< number literal / parameter count
  std::string str;                  ///< name, string or text
  std::vector<Node*> kids;          ///< children (nullptr where optional and absent)
  /// member, identifier: where `str` was found last in an object (a hint, read and written through
  /// relaxed std::atomic_ref as renders on several threads share the tree).
  mutable std::uint32_t hint = 0;
  /// identifier, when free: the index of its name among the program's free names.
  std::uint32_t slot = 0;
  /// identifier: the `str` of the program's first identifier of this name. Scope variables are
  /// named by it, so that a read by another identifier of the program finds its variable by one
  /// pointer compare (names of variables from other programs still compare as text).
  const std::string* name = nullptr;
  /// Set by the parser where a `name.key` is read without a Value: on such a member node, its
  /// identifier; on an output of shape out_member and a flagged `===`, the member node. One load
  /// instead of two through `kids` at each step of a chain the interpreter walks per read.
  const Node* via = nullptr;
};

/// The compiled template: nodes in an arena, the root block first.
struct Program {
  std::deque<Node> nodes;  ///< arena; pointers stay valid
  Node* root = nullptr;    ///< a block node
  std::uint32_t free_names = 0;  ///< distinct names no scope of the template can bind
};

}  // namespace corio::view::detail
