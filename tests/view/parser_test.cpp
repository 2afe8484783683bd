#include <corio/view/detail/parser.hpp>

#include <gtest/gtest.h>

namespace corio::view::detail {
namespace {

Program compile(std::string_view tpl) { return parse(tokenize_template(tpl, {})); }

const Node* first_stmt(const Program& p) {
  for (const Node* n : p.root->kids) {
    if (n->kind != NodeKind::empty) return n;
  }
  return nullptr;
}

TEST(view_parser, block_opened_in_one_tag_closes_in_a_later_one) {
  Program p = compile("<% if (a) { %>x<% } else { %>y<% } %>");
  const Node* s = first_stmt(p);
  ASSERT_EQ(s->kind, NodeKind::if_stmt);
  EXPECT_EQ(s->kids[1]->kind, NodeKind::block);
  ASSERT_NE(s->kids[2], nullptr);
}

TEST(view_parser, foreach_callback_spans_tags) {
  Program p = compile("<% list.forEach(function (m) { %><%= m %><% }) %>");
  const Node* s = first_stmt(p);
  ASSERT_EQ(s->kind, NodeKind::expr_stmt);
  const Node* call = s->kids[0];
  ASSERT_EQ(call->kind, NodeKind::call);
  EXPECT_EQ(call->kids[1]->kind, NodeKind::function);
}

TEST(view_parser, multiplication_binds_tighter_than_addition) {
  Program p = compile("<%= 1 + 2 * 3 %>");
  const Node* e = first_stmt(p)->kids[0];
  ASSERT_EQ(e->kind, NodeKind::binary);
  EXPECT_EQ(e->op, op_add);
  EXPECT_EQ(e->kids[1]->op, op_mul);
}

TEST(view_parser, parses_arrow_functions_with_expression_bodies) {
  Program p = compile("<%= xs.map((x, i) => x * i) %>");
  const Node* fn = first_stmt(p)->kids[0]->kids[1];
  ASSERT_EQ(fn->kind, NodeKind::function);
  EXPECT_TRUE(fn->flag);
  EXPECT_EQ(fn->num, 2);
}

TEST(view_parser, inserts_semicolons_at_line_breaks) {
  EXPECT_NO_THROW(compile("<%\nlet a = 1\nlet b = a\nb++\n%>"));
}

TEST(view_parser, rejects_two_expressions_on_one_line) {
  EXPECT_THROW(compile("<% let a = 1 2 %>"), SyntaxError);
}

TEST(view_parser, reports_the_offset_of_the_unexpected_token) {
  try {
    compile("ab<% if (x }) %>");
    FAIL();
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.pos, 11u);
  }
}

TEST(view_parser, limits_nesting_depth) {
  std::string deep = "<%= " + std::string(5000, '(') + "1" + std::string(5000, ')') + " %>";
  EXPECT_THROW(compile(deep), SyntaxError);
}


TEST(view_parser, output_nodes_carry_the_shapes_printed_without_a_value) {
  auto shape = [](std::string_view tpl) { return compile(tpl).root->kids[0]->op; };
  EXPECT_EQ(shape("<%= m.user %>"), out_member);
  EXPECT_EQ(shape("<%- m.user %>"), out_member);
  EXPECT_EQ(shape("<%= m?.user %>"), out_any);     // optional: undefined on a nullish base
  EXPECT_EQ(shape("<%= m.a.b %>"), out_any);       // the base is not a name
  EXPECT_EQ(shape("<%= m['user'] %>"), out_any);   // an index
  EXPECT_EQ(shape("<%= m %>"), out_any);
  EXPECT_EQ(shape("<%= c ? 'a' : \"b\" %>"), out_choice);
  EXPECT_EQ(shape("<%= c ? 'a' : 1 %>"), out_any);
  EXPECT_EQ(shape("<%= c ? `a` : 'b' %>"), out_any);
}

TEST(view_parser, string_literals_and_member_comparisons_are_marked) {
  Program p = compile("<%= c ? 'plain text' : 'a<b' %><%= m.u === x %><%= m.u !== 'x' %>"
                      "<%= m.u == x %><%= x === m.u %><%= m.a.b === x %>");
  const auto& kids = p.root->kids;
  EXPECT_EQ(kids[0]->kids[0]->kids[1]->op, kPlainString);
  EXPECT_NE(kids[0]->kids[0]->kids[2]->op, kPlainString);
  EXPECT_TRUE(kids[1]->kids[0]->flag);
  EXPECT_TRUE(kids[2]->kids[0]->flag);
  EXPECT_FALSE(kids[3]->kids[0]->flag);  // loose equality
  EXPECT_FALSE(kids[4]->kids[0]->flag);  // the member on the right
  EXPECT_FALSE(kids[5]->kids[0]->flag);  // not a name's member
  // The nodes a read of `name.key` walks, linked directly.
  const Node* cmp = kids[1]->kids[0];
  EXPECT_EQ(cmp->via, cmp->kids[0]);
  EXPECT_EQ(cmp->via->via, cmp->kids[0]->kids[0]);
  EXPECT_EQ(kids[5]->kids[0]->via, nullptr);
  Program out = compile("<%= m.user %><%= m.a.b %>");
  EXPECT_EQ(out.root->kids[0]->via, out.root->kids[0]->kids[0]);
  EXPECT_EQ(out.root->kids[1]->via, nullptr);
}

}  // namespace
}  // namespace corio::view::detail
