// Sends the view-model's requests with the page's fetch and hands each answer back, ETag
// included. Knows HTTP, nothing about the card.
#pragma once

#include <functional>

#include "model/view_model.hpp"

namespace ui {

using ResponseHandler = std::function<void(Call, const HttpResponse&)>;

// Sends `request`; `on_done` runs on the main thread with the answer, or with status 0 when
// there was none (network error or no answer within 10 s).
void send(const HttpRequest& request, ResponseHandler on_done);

// The page's boot script fetches GET /api/counter while the app loads. When it did, hands its
// answer (once ready) to `on_done` as the answer to the first refresh and returns true; the
// app then sends no request of its own.
bool take_first_answer(ResponseHandler on_done);

}  // namespace ui
