"""The original service, as a reference for the benchmarks: a Flask app with the same three
endpoints, the count in memory, no floor. Run with Debian's python3-flask."""
import sys
import threading

from flask import Flask, jsonify

app = Flask(__name__)
lock = threading.Lock()
state = {"value": 1000}


@app.get("/counter")
def counter():
    return jsonify(value=state["value"])


@app.post("/decrement")
def decrement():
    with lock:
        state["value"] -= 1
        return jsonify(value=state["value"])


@app.put("/reset")
def reset():
    with lock:
        state["value"] = 1000
        return jsonify(value=state["value"])


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]), threaded=True)
