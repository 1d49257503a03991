#include "card_layout.hpp"

#include <algorithm>
#include <cmath>

#include "view/widgets.hpp"

namespace ui {

CardLayout layout_card(const CardMetrics& m, ImVec2 view, const Fonts& f, const CardTexts& text) {
  CardLayout l;
  const float width = std::min(m.max_width, view.x - 2 * m.screen_margin);
  l.padding = width < m.narrow ? m.padding_narrow : m.padding;
  l.inner = width - 2 * l.padding;
  l.number_height = widgets::font_px(f.number) * m.number_line;

  // Top to bottom, relative to the card's top; moved into place once the height is known.
  float y = l.padding;
  l.header_y = y;
  y += m.header_height + m.header_gap;
  l.number_y = y;
  y += l.number_height;
  l.caption_y = y;
  y += m.caption_height;
  if (!text.waiting.empty()) {
    l.waiting_y = y;
    y += m.waiting_height;
  }
  const auto banner = [&](BannerBox& box, const std::string& message, float extra) {
    if (message.empty()) return;
    box.shown = true;
    box.text_width = l.inner - 2 * m.banner_inset - m.banner_icon;
    const float height =
        widgets::text_size(f.body, message.c_str(), box.text_width).y + 2 * m.banner_inset + extra;
    y += m.banner_gap;
    box.min = ImVec2(l.padding, y);
    box.max = ImVec2(l.padding + l.inner, y + height);
    y += height;
  };
  banner(l.banner, text.banner, 0);
  banner(l.refused, text.refused, m.banner_action_height);
  y += m.actions_gap;
  const float label = widgets::text_size(f.button, text.button_label).x + m.button_label_room;
  l.button_size = ImVec2(std::min(l.inner, std::max(m.button_min_width, label)), m.button_height);
  l.button_min = ImVec2((width - l.button_size.x) / 2, y);
  y += m.button_height;

  // The sales panel; on a short screen it shows fewer of the last changes so the card fits.
  // Open or closed, the card keeps the open panel's place: toggling it never moves the card.
  SalesBox& sales = l.sales;
  float reserved = 0;  // kept below the card: the closed panel, the last changes still to come
  y += m.sales_gap;
  sales.divider_y = y;
  sales.header_y = y + m.header_gap / 2;
  y = sales.header_y + m.sales_header_height;
  sales.open = text.sales_open;
  const float open_part = m.sales_today_height + m.chart_height + m.chart_axis_height;
  const float room = view.y - 2 * m.screen_margin - (y + open_part + l.padding);
  const float lines = (room - m.recent_title_height) / m.recent_line_height;
  const std::size_t fit = lines < 1 ? 0 : static_cast<std::size_t>(std::floor(lines));
  const auto recent_height = [&](std::size_t n) {
    return n == 0 ? 0 : m.recent_title_height + m.recent_line_height * static_cast<float>(n);
  };
  const float open_height = open_part + recent_height(std::min(text.recent_capacity, fit));
  if (sales.open) {
    sales.today_y = y;
    y += m.sales_today_height;
    sales.chart_min = ImVec2(l.padding, y);
    sales.chart_max = ImVec2(l.padding + l.inner, y + m.chart_height);
    y += m.chart_height + m.chart_axis_height;
    sales.recent_shown = std::min(text.recent_lines, fit);
    sales.recent_y = y;
    y += recent_height(sales.recent_shown);
    reserved = open_height - (open_part + recent_height(sales.recent_shown));
  } else {
    reserved = open_height;
  }
  y += l.padding;

  const ImVec2 origin(std::round((view.x - width) / 2),
                      std::round(std::max(m.screen_margin, (view.y - y - reserved) / 2)));
  l.min = origin;
  l.max = ImVec2(origin.x + width, origin.y + y);
  l.page_height = l.max.y + m.screen_margin;
  for (float* v : {&l.header_y, &l.number_y, &l.caption_y, &l.waiting_y}) *v += origin.y;
  for (BannerBox* box : {&l.banner, &l.refused}) {
    box->min = ImVec2(box->min.x + origin.x, box->min.y + origin.y);
    box->max = ImVec2(box->max.x + origin.x, box->max.y + origin.y);
  }
  l.button_min = ImVec2(l.button_min.x + origin.x, l.button_min.y + origin.y);
  for (float* v : {&sales.divider_y, &sales.header_y, &sales.today_y, &sales.recent_y})
    *v += origin.y;
  for (ImVec2* p : {&sales.chart_min, &sales.chart_max})
    *p = ImVec2(p->x + origin.x, p->y + origin.y);
  return l;
}

}  // namespace ui
