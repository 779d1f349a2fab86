"""Quick-fire quiz: a Parlor mini-game on the Python standard library alone.

    python3 examples/minigame-python/main.py --url http://127.0.0.1:8080 --key plk_...

Keeps one control socket to Parlor; for each game it is asked to attach to, plays it on a thread.
A game socket that drops mid-game is attached again with a fresh token (reattach), quiz intact.
"""
import argparse
import random
import threading
import time

from ws import WebSocket

QUESTIONS = {
    "easy": [("2 + 2?", ["3", "4", "5"], "4"), ("Colour of the sky on a clear day?", ["blue", "green", "red"], "blue"),
             ("How many legs has a cat?", ["2", "4", "6"], "4"), ("Opposite of hot?", ["cold", "warm", "wet"], "cold")],
    "hard": [("7 x 8?", ["54", "56", "64"], "56"), ("Chemical symbol of gold?", ["Ag", "Au", "Gd"], "Au"),
             ("Square root of 169?", ["12", "13", "14"], "13"), ("Planets in the solar system?", ["7", "8", "9"], "8")],
}
ROUNDS = 3
ROUND_MS = {"easy": 15000, "hard": 8000}


def ws_base(url):
    return url.rstrip("/").replace("http", "ws", 1)


class Quiz:
    def __init__(self, sock):
        self.sock = sock
        self.players, self.scores, self.answered = [], {}, set()
        self.round, self.questions, self.level = 0, [], "easy"

    def board(self):
        return {"kind": "scoreboard", "rows": [{"name": p["displayName"], "score": self.scores[p["playerId"]]} for p in self.players]}

    def ask(self):
        question, options, _ = self.questions[self.round]
        self.answered = set()
        self.sock.send({"type": "state", "state": {"round": self.round + 1, "of": ROUNDS}})
        for p in self.players:
            self.sock.send({"type": "view", "playerId": p["playerId"], "view": [
                {"kind": "heading", "text": f"Question {self.round + 1} of {ROUNDS}"},
                {"kind": "text", "text": question},
                {"kind": "choices", "id": "answer", "options": [{"value": o, "label": o} for o in options]},
                {"kind": "countdown", "endsInMs": ROUND_MS[self.level]}, self.board()]})
        self.sock.send({"type": "timer", "id": f"round-{self.round}", "ms": ROUND_MS[self.level]})

    def next_round(self):
        self.round += 1
        if self.round < ROUNDS:
            return self.ask()
        ranked = sorted(self.players, key=lambda p: -self.scores[p["playerId"]])
        results, rank = [], 0
        for i, p in enumerate(ranked):
            if i == 0 or self.scores[p["playerId"]] != self.scores[ranked[i - 1]["playerId"]]:
                rank = i + 1
            results.append({"playerId": p["playerId"], "score": self.scores[p["playerId"]], "rank": rank})
        self.sock.send({"type": "results", "results": {"players": results, "summary": f"{ranked[0]['displayName']} wins the quiz"}})

    def on(self, e):
        if e["type"] == "start":
            self.level = e["difficulty"] if e["difficulty"] in QUESTIONS else "easy"
            self.players = e["players"]
            self.scores = {p["playerId"]: 0 for p in self.players}
            self.questions = random.sample(QUESTIONS[self.level], ROUNDS)
            self.ask()
        elif e["type"] == "input":
            # The web client's component input: {"id": "answer", "value": <the choice's value>}.
            given = e.get("input") if isinstance(e.get("input"), dict) else {}
            answer = given.get("value") if given.get("id") == "answer" else None
            pid = e["playerId"]
            if self.round < ROUNDS and pid in self.scores and pid not in self.answered and isinstance(answer, str):
                self.answered.add(pid)
                if answer == self.questions[self.round][2]:
                    self.scores[pid] += 1
                if len(self.answered) == len(self.players):
                    self.next_round()
        elif e["type"] == "timer" and e["id"] == f"round-{self.round}":
            self.next_round()
        elif e["type"] == "left":
            self.players = [p for p in self.players if p["playerId"] != e["playerId"]]


class Detached:
    """Games whose socket dropped mid-game: their quizzes wait for a fresh attach (the game's grace)."""
    GIVE_UP_S = 120

    def __init__(self):
        self.lock = threading.Lock()
        self.quizzes, self.control = {}, None

    def keep(self, game_id, quiz):
        with self.lock:
            self.quizzes[game_id] = (quiz, time.monotonic())
        self.ask(game_id)

    def ask(self, game_id):
        """Asks the platform, over the control socket, for a fresh attach token to this game."""
        with self.lock:
            if self.control is not None:
                try:
                    self.control.send({"type": "reattach", "gameId": game_id})
                except OSError:
                    pass

    def take(self, game_id):
        with self.lock:
            now = time.monotonic()
            self.quizzes = {g: q for g, q in self.quizzes.items() if now - q[1] < self.GIVE_UP_S}
            return self.quizzes.pop(game_id, (None, 0))[0]


def play(url, attach, detached, quiz=None):
    try:
        sock = WebSocket(ws_base(url) + attach["path"])
    except (OSError, ConnectionError) as error:
        return print(f"game {attach['gameId']}: {error}", flush=True)
    sock.send({"type": "attach", "token": attach["token"]})
    quiz = quiz or Quiz(sock)
    quiz.sock = sock
    try:
        while (event := sock.receive()) is not None:
            if event["type"] == "closing":
                break
            if event["type"] == "resumed":
                quiz.players = [p for p in quiz.players if p["playerId"] in {x["playerId"] for x in event["players"]}]
            quiz.on(event)
    except (OSError, ConnectionError, ValueError) as error:
        # Dropped without the game server closing it: the game waits a grace for us to come back.
        print(f"game {attach['gameId']}: {error}; asking to attach again", flush=True)
        detached.keep(attach["gameId"], quiz)
    finally:
        sock.close()


def serve(url, key, detached):
    """One control socket until it closes: "refused" (never retry the key), "welcomed" or None."""
    control = WebSocket(ws_base(url) + "/v1/minigames/connect")
    control.send({"type": "hello", "key": key, "protocolVersion": 1})
    outcome = None
    try:
        while (frame := control.receive()) is not None:
            if frame["type"] == "welcome":
                print(f"connected as {frame['minigameId']}", flush=True)
                outcome = "welcomed"
                detached.control = control
                for game_id in list(detached.quizzes):
                    detached.ask(game_id)
            elif frame["type"] == "attach":
                quiz = detached.take(frame["gameId"])
                threading.Thread(target=play, args=(url, frame, detached, quiz), daemon=True).start()
            elif frame["type"] == "closing":
                print(f"closed: {frame['code']} {frame['message']}", flush=True)
                if frame["code"] == "MINIGAME_KEY_REFUSED":
                    return "refused"
    except (OSError, ConnectionError, ValueError) as error:
        print(f"control socket: {error}", flush=True)
    finally:
        with detached.lock:
            detached.control = None
        control.close()
    return outcome


def main():
    parser = argparse.ArgumentParser(description="Quick-fire quiz for Parlor")
    parser.add_argument("--url", required=True)
    parser.add_argument("--key", required=True)
    args = parser.parse_args()
    attempt, detached = 0, Detached()
    while True:
        try:
            outcome = serve(args.url, args.key, detached)
        except (OSError, ConnectionError) as error:
            outcome = print(f"control socket: {error}", flush=True)
        if outcome == "refused":
            return
        if outcome == "welcomed":
            attempt = 0
        # The protocol asks for a growing delay: 1 s, 2 s, 4 s, ... up to 30 s.
        delay = min(30, 2 ** attempt)
        attempt += 1
        print(f"reconnecting in {delay} s", flush=True)
        time.sleep(delay)


if __name__ == "__main__":
    main()
