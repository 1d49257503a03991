// Camera Counter's browser UI: set up (the WebGL context, ImGui, fonts, first request), then
// run on demand: every input, API answer, resize or running animation draws a few frames;
// nothing else does. There is no tear-down: the app lives as long as the page.
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include <algorithm>

#include "browser/a11y_tree.hpp"
#include "browser/api_client.hpp"
#include "browser/dom_bridge.hpp"
#include "browser/event_stream.hpp"
#include "browser/frame_scheduler.hpp"
#include "browser/input_relay.hpp"
#include "browser/sale_storage.hpp"
#include "browser/webgl_renderer.hpp"
#include "model/sales_model.hpp"
#include "model/view_model.hpp"
#include "view/app_fonts.hpp"
#include "view/card_view.hpp"
#include "view/theme.hpp"

namespace {

using namespace ui;

// How long the first frame waits for the boot script's answer before drawing a spinner.
constexpr double kFirstAnswerGraceMs = 300;
// The view-model may have nothing due (next_tick_ms() is infinite); the timer still wakes up.
constexpr double kLongestSleepMs = 60000;

// The counter's view-model runs on the page's monotonic clock; the sales panel on the wall
// clock, because its buckets are hours and days of the local time.
double now_ms() {
  return emscripten_get_now();
}

double wall_ms() {
  return emscripten_date_now();
}

Environment browser_environment() {
  return {storage::new_key,         wall_ms,
          storage::save_queue,      storage::save_manager_code,
          storage::save_last_state, storage::save_till};
}

struct App {
  CounterViewModel vm{"/api", browser_environment()};
  SalesViewModel sales{"/api", dom::local_zone()};
  CardView card;
  Fonts fonts;
  float dpr = 1;
  bool dark = false;
  dom::CssSize css{0, 0};
  bool first_frame = true;
  bool value_drawn = false;
  double last_frame_ms = 0;
  int tick_timer = 0;
  FrameScheduler frames{[] { return draw_frame(); }};

  static bool draw_frame();
};

App app;

// What a person can see changes exactly when a model's revision does: when an answer leaves
// them unchanged (a 304 refresh), nothing is redrawn.
std::uint64_t revision() {
  return app.vm.revision() + app.sales.revision();
}

void publish_status() {
  const auto& vm = app.vm;
  const std::string sold = app.sales.sentence();
  dom::publish_status(vm.status_text() + (sold.empty() ? "" : " " + sold), phase_name(vm.phase()),
                      vm.has_value(), static_cast<double>(vm.value()), vm.stale(), vm.banner(),
                      static_cast<int>(vm.queue().waiting()), vm.dialog().error());
  dom::publish_sales(static_cast<double>(app.sales.sold_today()), app.sales.loaded(),
                     app.sales.range() == SalesRange::day ? "day" : "fortnight",
                     app.sales.open().value_or(false), app.sales.placeholder());
}

void on_answer(Call call, const HttpResponse& response);
void on_sales_answer(Call call, const HttpResponse& response);
void changed(std::uint64_t before);

// Every event goes through here: `act` on the models, then whatever follows from a change.
template <class Act>
void on_event(Act act) {
  const auto before = revision();
  act();
  changed(before);
}

// Each answer goes back to the view-model that asked.
void dispatch(const Requests& requests) {
  for (const auto& request : requests)
    send(request, request.call == Call::sales || request.call == Call::recent_changes
                      ? on_sales_answer
                      : on_answer);
}

// One timer for the background refresh and the retries; the view-model says when.
void schedule_tick() {
  emscripten_clear_timeout(app.tick_timer);
  const double due =
      std::min(app.vm.next_tick_ms() - now_ms(), app.sales.next_tick_ms() - wall_ms());
  const double delay = std::clamp(due, 0.0, kLongestSleepMs);
  app.tick_timer = emscripten_set_timeout(
      [](void*) {
        on_event([] {
          dispatch(app.vm.tick(now_ms()));
          dispatch(app.sales.tick(wall_ms()));
        });
      },
      delay, nullptr);
}

// After anything that may have changed the view-models: let the sales panel follow the counter,
// wake the timer, and redraw when something a person can see changed (the frame then says it
// in words too).
void changed(std::uint64_t before) {
  app.sales.set_offline(app.vm.phase() == Phase::offline);
  // While the stream is up its events bring the changes (on_pushed); without it, every new
  // version is read.
  if (const auto version = app.vm.server_version(); version && !app.vm.streaming())
    dispatch(app.sales.on_counter_version(*version, wall_ms()));
  schedule_tick();
  if (revision() != before) app.frames.request();
}

void on_answer(Call call, const HttpResponse& response) {
  on_event([&] { dispatch(app.vm.on_response(call, response, now_ms())); });
}

void on_sales_answer(Call call, const HttpResponse& response) {
  on_event([&] { dispatch(app.sales.on_response(call, response, wall_ms())); });
}

// Matches the canvas's pixels to its CSS size x devicePixelRatio; rebuilds fonts when the
// ratio changes (zoom, or a window moved to another screen).
void fit_canvas() {
  const dom::CssSize css = dom::canvas_css_size();
  const float dpr = dom::device_pixel_ratio();
  if (css.width == app.css.width && css.height == app.css.height && dpr == app.dpr &&
      !app.first_frame)
    return;
  app.css = css;
  dom::set_canvas_pixels(static_cast<int>(css.width * dpr), static_cast<int>(css.height * dpr));
  if (dpr != app.dpr || !app.fonts.body) {
    app.dpr = dpr;
    app.fonts = load_fonts(dpr);
    webgl::upload_fonts();
    dom::mark("fonts-built");
  }
}

// Applies what the user did this frame; `before` is what was visible when the frame began.
void apply(const CardIntents& intents, std::uint64_t before) {
  auto& vm = app.vm;
  if (intents.reset_text) vm.set_reset_text(*intents.reset_text);
  if (intents.typed_code) vm.set_typed_code(*intents.typed_code);
  if (intents.sell) dispatch(vm.sell(now_ms()));
  if (intents.dismiss_refused) vm.dismiss_refused();
  if (intents.open_reset) vm.open_reset();
  if (intents.cancel_reset) vm.cancel_reset();
  if (intents.confirm_reset) dispatch(vm.confirm_reset(now_ms()));
  if (intents.undo) dispatch(vm.undo(*intents.undo, now_ms()));
  if (intents.open_return) vm.open_return();
  if (intents.till_text) vm.till().set_text(*intents.till_text);
  if (intents.edit_till) vm.till().edit();
  if (intents.cancel_till) vm.till().cancel();
  if (intents.save_till) vm.till().save();
  if (intents.cancel_return) vm.cancel_return();
  if (intents.confirm_return) dispatch(vm.confirm_return(now_ms()));
  if (intents.sales_range) dispatch(app.sales.set_range(*intents.sales_range, wall_ms()));
  if (intents.sales_open) app.sales.set_open(*intents.sales_open);
  changed(before);
}

// Publishes this frame's controls: the page's accessibility tree, and their rectangles by name
// for tests to click.
void publish_semantics(const CardIntents& intents) {
  const auto& nodes = app.card.semantics().all();
  a11y::publish(nodes);
  if (intents.focus) a11y::focus(*intents.focus, intents.select_all);
  dom::clear_rects();
  for (const auto& n : nodes) dom::publish_rect(n.id.c_str(), n.min.x, n.min.y, n.size.x, n.size.y);
}

// Loads what the browser kept (the queue, the manager's code), follows other tabs' changes to
// the queue, and asks for the replayer role.
void restore_from_storage() {
  auto& vm = app.vm;
  const auto saved = storage::load_queue();
  vm.set_manager_code(storage::load_manager_code());
  vm.set_last_known(storage::load_last_state());
  vm.till().restore(storage::load_till());
  dispatch(vm.sync_queue(saved.queued, saved.refused, now_ms()));
  storage::watch_queue([] {
    on_event([] {
      const auto now = storage::load_queue();
      dispatch(app.vm.sync_queue(now.queued, now.refused, now_ms()));
    });
  });
  storage::claim_replayer(
      [](bool held) { on_event([&] { dispatch(app.vm.set_replayer(held, now_ms())); }); });
}

bool App::draw_frame() {
  fit_canvas();
  const bool dark = dom::prefers_dark();
  if (dark != app.dark || app.first_frame) {
    app.dark = dark;
    apply_style(theme(dark));
  }
  const Theme& t = theme(app.dark);

  // Laid out in CSS pixels, rendered in device ones.
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(app.css.width), static_cast<float>(app.css.height));
  io.DisplayFramebufferScale = ImVec2(app.dpr, app.dpr);
  const double now = now_ms();
  io.DeltaTime = static_cast<float>(std::max(now - app.last_frame_ms, 1.0) / 1000.0);
  app.last_frame_ms = now;
  input_relay::new_frame(io);
  ImGui::NewFrame();
  const auto before = revision();
  const dom::PageView page = dom::page_view();
  // With reduced motion asked for, the spinners stand still (and need no frames).
  const bool still = dom::prefers_reduced_motion();
  const CardIntents intents = app.card.draw(app.vm, app.sales, a11y::take_input(), t, app.fonts,
                                            still ? 0.0f : static_cast<float>(now_ms() / 1000.0),
                                            Viewport{page.top, page.height});
  dom::fit_page_height(app.card.page_height());
  ImGui::Render();
  // The status, the page's elements and the picture change together, in the same frame: what
  // the live region says is what is drawn and what can be pressed.
  publish_semantics(intents);
  publish_status();

  webgl::draw(*ImGui::GetDrawData(), t.page);
  dom::count_frame();
  if (app.first_frame) {
    app.first_frame = false;
    dom::hide_loader();
    dom::mark("first-frame");
  }
  if (app.vm.has_value() && !app.value_drawn) {
    app.value_drawn = true;
    dom::mark("first-value-drawn");
  }
  apply(intents, before);
  // Another frame: for an animation, or for the controls of a menu or dialog that appeared.
  return app.card.semantics().held_back() ||
         (!still &&
          (app.vm.selling() || app.vm.dialog().sending() || app.vm.phase() == Phase::loading));
}

// A resize, or a scroll (the dialog stays in the middle of what is in view).
void watch_resizes() {
  const auto wake = [](int, const EmscriptenUiEvent*, void*) {
    app.frames.request();
    return EM_FALSE;
  };
  emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, false, wake);
  // The page's scroll events are the document's (this library ignores them at the window).
  emscripten_set_scroll_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, false, wake);
}

// Live updates: while the stream is up it replaces the poll (the view-model decides).
void watch_stream() {
  dom::publish_stream(false);
  stream::open("/api/events",
               {[] {
                  on_event([] {
                    dispatch(app.vm.on_stream_open(now_ms()));
                    dom::publish_stream(true);
                  });
                },
                [](const std::string& data) {
                  auto decoded = counter::decode_live_state(data);
                  const auto* live = std::get_if<counter::LiveState>(&decoded);
                  if (!live) return;
                  on_event([&] {
                    app.vm.on_stream_state(live->state, now_ms());
                    dispatch(app.sales.on_pushed(live->state.version, live->changes, wall_ms()));
                  });
                },
                [] {
                  on_event([] {
                    app.vm.on_stream_lost(now_ms());
                    dom::publish_stream(false);
                  });
                }});
}

}  // namespace

// Called from the page when the colour scheme changes.
extern "C" EMSCRIPTEN_KEEPALIVE void camera_counter_wake() {
  app.frames.request();
}

int main() {
  dom::mark("app-main");
  // WebGL 2 (OpenGL ES 3). ImGui draws 2D triangles: no depth, stencil or multisampled
  // buffers to set up (boot.js creates the context early with these same attributes).
  EmscriptenWebGLContextAttributes attributes;
  emscripten_webgl_init_context_attributes(&attributes);
  attributes.majorVersion = 2;
  attributes.antialias = false;
  attributes.depth = false;
  attributes.stencil = false;
  const auto context = emscripten_webgl_create_context("#canvas", &attributes);
  if (context <= 0 || emscripten_webgl_make_context_current(context) != EMSCRIPTEN_RESULT_SUCCESS)
    return 1;

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  input_relay::install(app.frames);
  // No keyboard reaches ImGui: the page's elements over the canvas take the focus, Tab, Enter,
  // Space, Escape and typing, and pass on what was done to them.
  a11y::install([] { app.frames.request(); });
  watch_resizes();
  if (!webgl::init()) return 1;
  dom::mark("gl-ready");
  dom::watch_color_scheme();

  const auto first_refresh = app.vm.start(now_ms());
  restore_from_storage();
  publish_status();
  schedule_tick();
  watch_stream();
  // The boot script's answer is usually in already: let it arrive before the first frame
  // (which costs a font atlas and the GL set-up) so that frame shows the value.
  if (take_first_answer(on_answer)) {
    // (Only if the answer has not drawn it already: a late wake-up would draw an idle page.)
    emscripten_set_timeout(
        [](void*) {
          if (app.first_frame) app.frames.request();
        },
        kFirstAnswerGraceMs, nullptr);
  } else {
    dispatch(first_refresh);
    app.frames.request();
  }
  return 0;  // the runtime stays alive: callbacks and timers drive the app from here
}
