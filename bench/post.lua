-- wrk: every request is a POST with no body (POST /decrement).
wrk.method = "POST"
