#include "sales_panel.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "view/fonts.hpp"
#include "view/widgets.hpp"

namespace ui {

namespace {

using widgets::font_px;
using widgets::text_size;

void text_at(ImDrawList* list, const ImFont* font, ImVec2 pos, ImU32 color, const char* text) {
  list->AddText(font, font_px(font), ImVec2(std::round(pos.x), std::round(pos.y)), color, text);
}

// Text centred in the box [min, max].
void centered(ImDrawList* list, const ImFont* font, ImVec2 min, ImVec2 max, ImU32 color,
              const char* text) {
  const ImVec2 size = text_size(font, text);
  text_at(list, font, ImVec2((min.x + max.x - size.x) / 2, (min.y + max.y - size.y) / 2), color,
          text);
}

// The tooltip of the hovered bar: above it, kept inside the card.
void tooltip(const SalesBar& bar, ImVec2 bar_top, const CardLayout& l, const CardMetrics& m,
             const Theme& t, const Fonts& f, Semantics& semantics) {
  ImDrawList* list = ImGui::GetForegroundDrawList();
  const ImVec2 text = text_size(f.body, bar.tooltip.c_str());
  const ImVec2 size(text.x + 2 * m.tooltip_padding, text.y + 2 * m.tooltip_padding);
  const float x = std::clamp(bar_top.x - size.x / 2, l.min.x + m.tooltip_padding,
                             l.max.x - m.tooltip_padding - size.x);
  const ImVec2 min(std::round(x), std::round(bar_top.y - m.tooltip_offset - size.y));
  list->AddRectFilled(min, ImVec2(min.x + size.x, min.y + size.y), t.tooltip_fill, m.button_radius);
  semantics.add({"sales-tooltip", "", Role::none, bar.tooltip, min, size});
  text_at(list, f.body, ImVec2(min.x + m.tooltip_padding, min.y + m.tooltip_padding), t.tooltip_ink,
          bar.tooltip.c_str());
}

// The chart, and for the page a list with an item per bar ("14:00–15:00: 3 sold").
void draw_chart(const SalesViewModel& vm, const CardLayout& l, const CardMetrics& m, const Theme& t,
                const Fonts& f, ImDrawList* list, Semantics& semantics) {
  const SalesBox& b = l.sales;
  const ImVec2 chart_size(b.chart_max.x - b.chart_min.x, b.chart_max.y - b.chart_min.y);
  semantics.add({"sales-chart", "", Role::list,
                 vm.range() == SalesRange::day ? "Sales per hour, last 24 hours"
                                               : "Sales per day, last 14 days",
                 b.chart_min, chart_size});
  list->AddLine(ImVec2(b.chart_min.x, b.chart_max.y), b.chart_max, t.divider);
  if (const std::string note = vm.placeholder(); !note.empty()) {
    centered(list, f.body, b.chart_min, b.chart_max, t.ink_muted, note.c_str());
    semantics.add({"sales-note", "sales-chart", Role::listitem, note, b.chart_min, chart_size});
    return;
  }
  const auto& bars = vm.bars();
  const float slot = (b.chart_max.x - b.chart_min.x) / static_cast<float>(bars.size());
  const float height = b.chart_max.y - b.chart_min.y;
  const float highest = static_cast<float>(vm.highest_bar());
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  // Not through an open menu or dialog: nothing of the card draws over them.
  const bool pointing = ImGui::IsMousePosValid() && ImGui::IsWindowHovered();
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const SalesBar& bar = bars[i];
    const float x0 = b.chart_min.x + slot * static_cast<float>(i);
    const bool hovered = pointing && mouse.x >= x0 && mouse.x < x0 + slot &&
                         mouse.y >= b.chart_min.y && mouse.y < b.chart_max.y + m.chart_axis_height;
    const float h =
        bar.sales == 0 ? 0 : std::max(2.0f, height * static_cast<float>(bar.sales) / highest);
    const ImVec2 top(std::round(x0 + m.chart_bar_gap / 2), std::round(b.chart_max.y - h));
    const ImVec2 bottom(std::round(x0 + slot - m.chart_bar_gap / 2), b.chart_max.y);
    if (h > 0)
      list->AddRectFilled(top, bottom,
                          hovered     ? t.bar_hover
                          : bar.today ? t.bar_current
                                      : t.bar,
                          m.chart_bar_radius, ImDrawFlags_RoundCornersTop);
    if (!bar.axis.empty()) {
      const ImVec2 label = text_size(f.small, bar.axis.c_str());
      text_at(list, f.small, ImVec2(x0 + (slot - label.x) / 2, b.chart_max.y + 3), t.ink_muted,
              bar.axis.c_str());
    }
    semantics.add({"sales-bar-" + std::to_string(i), "sales-chart", Role::listitem, bar.tooltip,
                   ImVec2(x0, b.chart_min.y), ImVec2(slot, height)});
    if (hovered) tooltip(bar, ImVec2(x0 + slot / 2, b.chart_max.y - h), l, m, t, f, semantics);
  }
}

}  // namespace

SalesIntents draw_sales_panel(const SalesViewModel& vm, const PageInput& input, const CardLayout& l,
                              const CardMetrics& m, const Theme& t, const Fonts& f,
                              Semantics& semantics) {
  SalesIntents out;
  const SalesBox& b = l.sales;
  ImDrawList* list = ImGui::GetWindowDrawList();
  const float left = l.min.x + l.padding, right = l.max.x - l.padding;
  list->AddLine(ImVec2(left, b.divider_y), ImVec2(right, b.divider_y), t.divider);

  // The header: "Sales" and a chevron open and close the panel; the range on the right.
  const float chips = 2 * m.sales_chip_width;
  const ImVec2 toggle(left, b.header_y);
  const ImVec2 toggle_size(right - left - (b.open ? chips + m.sales_chip_gap : 0),
                           m.sales_header_height);
  ImGui::SetCursorScreenPos(toggle);
  const bool toggle_focused = input.ring("sales-toggle");
  if (ImGui::InvisibleButton("Sales", toggle_size) || input.was_activated("sales-toggle"))
    out.toggle_open = true;
  SemanticNode toggle_node{"sales-toggle", "", Role::button, "Sales"};
  toggle_node.expanded = b.open;
  semantics.add_last_item(std::move(toggle_node));
  const ImVec2 toggle_max(toggle.x + toggle_size.x, toggle.y + toggle_size.y);
  if (ImGui::IsItemHovered())
    list->AddRectFilled(toggle, toggle_max, t.hover_fill, m.button_radius);
  widgets::focus_ring(toggle_focused, list, toggle, toggle_max, m.button_radius, t);
  const float mid = b.header_y + m.sales_header_height / 2;
  text_at(list, f.button, ImVec2(left + 4, mid - font_px(f.button) / 2 - 1), t.ink, "Sales");
  text_at(list, f.small_icon,
          ImVec2(left + 8 + text_size(f.button, "Sales").x, mid - font_px(f.small_icon) / 2),
          t.ink_muted, b.open ? fonts::kIconExpandLess : fonts::kIconExpandMore);
  if (!b.open) {  // closed: the day's figure stays in view
    if (vm.loaded()) {
      const std::string today = std::to_string(vm.sold_today()) + " sold today";
      const float w = text_size(f.body, today.c_str()).x;
      text_at(list, f.body, ImVec2(right - 4 - w, mid - font_px(f.body) / 2 - 1), t.ink_muted,
              today.c_str());
    }
    return out;
  }
  const struct {
    SalesRange range;
    const char* name;
    const char* label;
    const char* id;
  } choices[] = {{SalesRange::day, "Last 24 hours", "24 H", "sales-day"},
                 {SalesRange::fortnight, "Last 14 days", "14 D", "sales-fortnight"}};
  float x = right - chips;
  const float chip_y = mid - m.sales_chip_height / 2;
  for (const auto& c : choices) {
    const bool chosen = vm.range() == c.range;
    const ImVec2 min(x, chip_y), size(m.sales_chip_width, m.sales_chip_height);
    if (chosen)
      list->AddRectFilled(min, ImVec2(min.x + size.x, min.y + size.y), t.chip_fill,
                          m.button_radius);
    if ((widgets::text_button(c.name, c.label, min, size, input.ring(c.id), t, f,
                              chosen ? t.primary : t.ink_muted) ||
         input.was_activated(c.id)) &&
        !chosen)
      out.range = c.range;
    SemanticNode chip{c.id, "", Role::button, c.name};
    chip.pressed = chosen;
    semantics.add_last_item(std::move(chip));
    x += m.sales_chip_width;
  }

  // Sold today.
  if (vm.loaded()) {
    const std::string number = std::to_string(vm.sold_today());
    const float number_y = b.today_y + (m.sales_today_height - font_px(f.title)) / 2;
    text_at(list, f.title, ImVec2(left, number_y), t.ink, number.c_str());
    text_at(list, f.body,
            ImVec2(left + text_size(f.title, number.c_str()).x + 6,
                   number_y + font_px(f.title) - font_px(f.body) - 1),
            t.ink_muted, "sold today");
  }
  draw_chart(vm, l, m, t, f, list, semantics);

  // The last changes.
  if (b.recent_shown > 0) {
    text_at(list, f.button,
            ImVec2(left, b.recent_y + m.recent_title_height - font_px(f.button) - 6), t.ink_muted,
            "Recent");
    float y = b.recent_y + m.recent_title_height;
    semantics.add(
        {"sales-recent", "", Role::list, "Recent", ImVec2(left, b.recent_y),
         ImVec2(right - left,
                y + m.recent_line_height * static_cast<float>(b.recent_shown) - b.recent_y)});
    for (std::size_t i = 0; i < b.recent_shown; ++i, y += m.recent_line_height) {
      text_at(list, f.body, ImVec2(left, y), t.ink, vm.recent()[i].c_str());
      semantics.add({"sales-recent-" + std::to_string(i), "sales-recent", Role::listitem,
                     vm.recent()[i], ImVec2(left, y), ImVec2(right - left, m.recent_line_height)});
    }
  }
  return out;
}

}  // namespace ui
