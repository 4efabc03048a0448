#!/usr/bin/python3
"""The snapshot page of `jshost serve`, in a real browser (Debian's chromium through chromium-driver and selenium).

Starts a real `jshost serve` on a free loopback port with a flow of two counting steps, opens the page, finds a
step by its flow, edits its snapshot (validation while typing, save with Ctrl+S), meets a conflict from a
concurrent API change, sees a run committed live, rolls back a version from the history's diff, resets a step and
a whole flow, and checks each result through the API and the command line. Saves a screenshot of each screen.

Usage: page_test.py JSHOST_BINARY PACKAGE_ROOT SCREENSHOT_DIR
Exits 0 when every check holds; otherwise prints what failed and exits 1.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

JSHOST, ROOT, SHOTS = sys.argv[1], sys.argv[2], sys.argv[3]
WORK = tempfile.mkdtemp(prefix="jshost-page-")
STATE = os.path.join(WORK, "state")
ENV = dict(os.environ, JSHOST_STATE_DIR=STATE)


def jshost(*arguments, check=True):
    done = subprocess.run([JSHOST, *arguments], env=ENV, cwd=WORK, capture_output=True, text=True, timeout=60)
    if check and done.returncode != 0:
        raise AssertionError(f"jshost {' '.join(arguments)} exited {done.returncode}: {done.stderr}")
    return done


def write_flows():
    counter = f"{ROOT}/components/iteration-counter:count"
    os.makedirs(os.path.join(WORK, "flows"))
    orders = {"data": {"type": "flow", "id": "orders", "attributes": {
        "name": "Order sync", "status": "active", "cron": "0 0 1 1 *",
        "graph": {"nodes": [{"id": "step_1", "name": "Fetch orders", "command": counter},
                            {"id": "step_2", "name": "Count shipped", "command": counter}],
                  "edges": [{"source": "step_1", "target": "step_2"}]}}}}
    echo = {"data": {"type": "flow", "id": "echo", "attributes": {
        "name": "Echo webhook", "status": "active",
        "graph": {"nodes": [{"id": "step_1", "command": f"{ROOT}/components/webhook:receive"}], "edges": []}}}}
    for name, flow in [("orders", orders), ("echo", echo)]:
        with open(os.path.join(WORK, "flows", name + ".json"), "w") as out:
            json.dump(flow, out)


class Service_:
    """A running `jshost serve`."""

    def __init__(self):
        self.process = subprocess.Popen([JSHOST, "serve", os.path.join(WORK, "flows"), "--port", "0"], env=ENV, cwd=WORK,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"listening on (http://[\d.]+:\d+)", line)
        if not match:
            raise AssertionError("jshost serve did not start: " + line + self.process.stderr.read())
        self.url = match.group(1)
        # Keep the pipes drained so the service never blocks on a full one.
        for stream in (self.process.stdout, self.process.stderr):
            threading.Thread(target=stream.read, daemon=True).start()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def api(service, key, method, path, body=None, headers=None):
    request = urllib.request.Request(service.url + path, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Authorization", "Bearer " + key)
    if body is not None:
        request.add_header("Content-Type", "application/vnd.api+json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text.strip().startswith("{") else text), response.headers
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        return error.code, (json.loads(text) if text.strip().startswith("{") else text), error.headers


def eventually(condition, what, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if condition():
                return
        except Exception:
            pass
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


def snapshot_of(service, key, step, flow="orders"):
    status, body, headers = api(service, key, "GET", f"/v2/flows/{flow}/snapshots/{step}")
    if status == 404:
        return None, None
    assert status == 200, (status, body)
    return body["data"]["attributes"]["snapshot"], int(headers["ETag"].strip('"'))


def idle(service, key, step):
    """Waits until the step has no run in progress (the service keeps a step's lease a moment after a run)."""
    def free():
        status, _, _ = api(service, key, "PATCH", f"/v2/flows/orders/snapshots/{step}", {"data": {"attributes": {"snapshot": 0}}},
                           {"If-Match": '"0"'})
        return status == 412  # past the lease: refused only for the stale version
    eventually(free, f"step {step} to be idle")


def press(driver, selector):
    """Clicks what the selector finds; the flow list and a step's tables are drawn anew on each live event, so a
    button found a moment ago may be gone: find it again."""
    for _ in range(50):
        try:
            driver.find_element(By.CSS_SELECTOR, selector).click()
            return
        except (StaleElementReferenceException, NoSuchElementException):
            time.sleep(0.1)
    raise AssertionError("cannot click " + selector)


def shot(driver, name):
    driver.save_screenshot(os.path.join(SHOTS, name + ".png"))


def axe_script():
    """axe-core, as the PyPI package axe-playwright-python carries it (scripts/install-dependencies installs it into
    the python3 on the PATH, which need not be this one)."""
    found = subprocess.run(["python3", "-c", "import importlib.util; print(importlib.util.find_spec('axe_playwright_python').submodule_search_locations[0])"],
                           capture_output=True, text=True)
    if found.returncode != 0:
        raise AssertionError("axe-core is missing: run scripts/install-dependencies test (pip install --no-deps axe-playwright-python)")
    with open(os.path.join(found.stdout.strip(), "axe.min.js")) as source:
        return source.read()


def accessible(driver, where):
    """Runs axe-core on the page as it is; no serious or critical violation may be found."""
    driver.execute_script(axe_script())
    result = driver.execute_async_script("const done = arguments[arguments.length - 1];"
                                         "axe.run(document, { resultTypes: ['violations'] }).then((r) => done(r.violations), (e) => done(String(e)));")
    assert isinstance(result, list), f"axe-core failed on {where}: {result}"
    serious = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in result if v["impact"] in ("serious", "critical")]
    assert not serious, f"accessibility on {where}: " + "; ".join(serious)


def main():
    os.makedirs(SHOTS, exist_ok=True)
    write_flows()
    editor_key = jshost("apikey", "create", "page-test", "--role", "edit").stdout.strip()
    colleague = jshost("apikey", "create", "colleague", "--role", "edit").stdout.strip()
    reader = jshost("apikey", "create", "reader", "--role", "read").stdout.strip()
    service = Service_()
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,1100", "--disable-gpu"]:
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    wait = WebDriverWait(driver, 20)
    try:
        # A first run, so the flow's steps have something to show.
        assert api(service, editor_key, "POST", "/v2/flows/orders/run-now")[0] == 202
        eventually(lambda: snapshot_of(service, editor_key, "step_2")[0] == {"iteration": 1}, "the first run of both steps")

        driver.get(service.url + "/")
        for control in driver.find_elements(By.CSS_SELECTOR, "input, textarea"):
            ident = control.get_attribute("id")
            assert driver.find_elements(By.CSS_SELECTOR, f"label[for='{ident}']"), f"#{ident} has a label"
        shot(driver, "01-enter-key")
        # Before a key: no editor, nothing to save or reset, and the list says what to do.
        assert not driver.find_element(By.ID, "detail").is_displayed(), "the editor shows before a step is chosen"
        assert not driver.find_element(By.ID, "save").is_displayed() and not driver.find_element(By.ID, "reset-step").is_displayed()
        assert "Enter an API key" in driver.find_element(By.ID, "flows").text, driver.find_element(By.ID, "flows").text
        accessible(driver, "the page before a key")

        # A rejected key is said once, in the list and the status, and not retried.
        key_input = driver.find_element(By.ID, "key-input")
        key_input.send_keys("jsk_" + "0" * 64, Keys.ENTER)
        wait.until(EC.text_to_be_present_in_element((By.ID, "flows"), "not accepted"))
        wait.until(EC.text_to_be_present_in_element((By.ID, "live"), "key not accepted"))
        assert "No flows are served" not in driver.find_element(By.ID, "flows").text
        time.sleep(3)
        assert driver.find_element(By.ID, "live").text.endswith("key not accepted"), driver.find_element(By.ID, "live").text
        shot(driver, "01b-rejected-key")

        # A read key sees the flows and their snapshots, and every control that changes something is off.
        key_input.send_keys(reader, Keys.ENTER)
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "article[data-flow='orders']")))
        wait.until(EC.visibility_of_element_located((By.ID, "read-only")))
        card = driver.find_element(By.CSS_SELECTOR, "article[data-flow='orders']")
        buttons = [b for b in card.find_elements(By.CSS_SELECTOR, ".flow-actions button")]
        assert buttons and not any(b.is_enabled() for b in buttons), [b.text for b in buttons if b.is_enabled()]
        press(driver, "article[data-flow='orders'] button[data-step='step_1']")
        editor = wait.until(EC.visibility_of_element_located((By.ID, "editor")))
        wait.until(lambda d: '"iteration": 1' in editor.get_attribute("value"))
        assert editor.get_attribute("readonly") is not None, "a read key's editor takes edits"
        assert not driver.find_element(By.ID, "save").is_enabled() and not driver.find_element(By.ID, "reset-step").is_enabled()
        assert "`" not in driver.find_element(By.TAG_NAME, "body").text
        shot(driver, "01c-read-key")
        accessible(driver, "a step with a read key")

        # Forget: back to no key, no step.
        driver.find_element(By.ID, "key-forget").click()
        wait.until(lambda d: not d.find_element(By.ID, "detail").is_displayed())
        assert "Enter an API key" in driver.find_element(By.ID, "flows").text

        key_input.send_keys(editor_key, Keys.ENTER)
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "article[data-flow='orders']")))
        wait.until(EC.text_to_be_present_in_element((By.ID, "live"), "live"))
        shot(driver, "02-flows")

        # Find the step by its flow.
        driver.find_element(By.ID, "filter").send_keys("order")
        wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, "article[data-flow='echo']"))
        card = driver.find_element(By.CSS_SELECTOR, "article[data-flow='orders']")
        assert "1 of 5.0 KB" in card.text or "B of 5.0 KB" in card.text, card.text
        press(driver, "article[data-flow='orders'] button[data-step='step_1']")
        editor = wait.until(EC.visibility_of_element_located((By.ID, "editor")))
        wait.until(lambda d: '"iteration": 1' in editor.get_attribute("value"))
        shot(driver, "03-step")

        # Edit, validated while typing; saved with If-Match (Ctrl+S).
        idle(service, editor_key, "step_1")
        editor.send_keys(Keys.CONTROL, "a")
        editor.send_keys('{"iteration": ')
        wait.until(EC.text_to_be_present_in_element((By.ID, "validity"), "Not valid JSON"))
        assert not driver.find_element(By.ID, "save").is_enabled(), "an invalid value cannot be saved"
        shot(driver, "04-invalid-json")
        editor.send_keys("40}")
        wait.until(EC.text_to_be_present_in_element((By.ID, "validity"), "Valid JSON"))
        driver.find_element(By.ID, "reason").send_keys("resume from order 40")
        editor.send_keys(Keys.CONTROL, "s")
        eventually(lambda: snapshot_of(service, editor_key, "step_1") == ({"iteration": 40}, 2), "the saved value in the API")
        assert jshost("snapshot", "get", "--flow", "orders", "--step", "step_1").stdout == '{"iteration":40}\n'
        audit = jshost("snapshot", "audit", "--flow", "orders", "--step", "step_1").stdout
        assert "page-test" in audit and "resume from order 40" in audit, audit
        wait.until(EC.text_to_be_present_in_element((By.ID, "detail-meta"), "version 2"))

        # A concurrent change through the API while this page edits: a conflict, shown with both values.
        editor.send_keys(Keys.CONTROL, "a")
        editor.send_keys('{"iteration": 50}')
        status, _, _ = api(service, colleague, "PATCH", "/v2/flows/orders/snapshots/step_1",
                           {"data": {"type": "snapshot", "id": "step_1", "attributes": {"snapshot": {"iteration": 45}}}}, {"If-Match": '"2"'})
        assert status == 200, status
        wait.until(EC.visibility_of_element_located((By.ID, "newer")))
        driver.find_element(By.ID, "save").click()
        conflict = wait.until(EC.visibility_of_element_located((By.ID, "conflict")))
        assert '"iteration": 45' in driver.find_element(By.ID, "theirs").text
        assert '"iteration": 50' in driver.find_element(By.ID, "yours").text
        shot(driver, "05-conflict")
        assert snapshot_of(service, editor_key, "step_1") == ({"iteration": 45}, 3), "the page's stale save wrote nothing"
        driver.find_element(By.ID, "take-theirs").click()
        wait.until(lambda d: not conflict.is_displayed())
        wait.until(lambda d: '"iteration": 45' in editor.get_attribute("value"))

        # Live: a run commits and the page shows it without a reload.
        assert api(service, editor_key, "POST", "/v2/flows/orders/run-now")[0] == 202
        wait.until(lambda d: '"iteration": 46' in editor.get_attribute("value"))
        wait.until(EC.text_to_be_present_in_element((By.ID, "detail-meta"), "version 4"))
        wait.until(EC.text_to_be_present_in_element((By.ID, "runs"), "completed"))

        # Roll back from the history, with a side-by-side diff.
        idle(service, editor_key, "step_1")
        wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "button[data-compare='2']")))
        press(driver, "button[data-compare='2']")
        wait.until(EC.visibility_of_element_located((By.ID, "compare")))
        removed = driver.find_elements(By.CSS_SELECTOR, "#diff span.removed")
        added = driver.find_elements(By.CSS_SELECTOR, "#diff span.added")
        assert any("40" in cell.text for cell in removed) and any("46" in cell.text for cell in added), driver.find_element(By.ID, "diff").text
        shot(driver, "06-history-diff")
        driver.find_element(By.ID, "rollback").click()
        dialog = wait.until(EC.visibility_of_element_located((By.ID, "confirm")))
        assert "version 2" in dialog.text and '"iteration": 46' in dialog.text, dialog.text
        shot(driver, "07-confirm-rollback")
        driver.find_element(By.ID, "confirm-ok").click()
        eventually(lambda: snapshot_of(service, editor_key, "step_1") == ({"iteration": 40}, 5), "the rollback in the API")
        assert jshost("snapshot", "get", "--flow", "orders", "--step", "step_1").stdout == '{"iteration":40}\n'
        assert '"rollback"' in jshost("snapshot", "audit", "--flow", "orders", "--step", "step_1").stdout

        # Reset the step, after a confirmation that names what is lost.
        wait.until(lambda d: '"iteration": 40' in editor.get_attribute("value"))
        driver.find_element(By.ID, "reset-step").click()
        dialog = wait.until(EC.visibility_of_element_located((By.ID, "confirm")))
        assert "step_1" in dialog.text and '"iteration": 40' in dialog.text, dialog.text
        shot(driver, "08-confirm-reset")
        driver.find_element(By.ID, "confirm-cancel").click()
        assert snapshot_of(service, editor_key, "step_1")[0] == {"iteration": 40}, "cancel keeps it"
        driver.find_element(By.ID, "reset-step").click()
        wait.until(EC.visibility_of_element_located((By.ID, "confirm")))
        driver.find_element(By.ID, "confirm-ok").click()
        eventually(lambda: snapshot_of(service, editor_key, "step_1") == (None, None), "the reset in the API")
        assert jshost("snapshot", "get", "--flow", "orders", "--step", "step_1", check=False).returncode != 0
        wait.until(EC.text_to_be_present_in_element((By.ID, "detail-meta"), "no snapshot stored"))
        wait.until(EC.text_to_be_present_in_element((By.ID, "audit"), "reset"))
        shot(driver, "09-audit")

        # Values are text, never markup.
        idle(service, editor_key, "step_2")
        hostile = "<img src=x onerror=\"document.title='owned'\"><b>bold</b>"
        status, _, _ = api(service, colleague, "PATCH", "/v2/flows/orders/snapshots/step_2",
                           {"data": {"attributes": {"snapshot": {"note": hostile}}}})
        assert status == 200, status
        press(driver, "article[data-flow='orders'] button[data-step='step_2']")
        wait.until(lambda d: "onerror" in d.find_element(By.ID, "editor").get_attribute("value"))
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#versions button[data-compare]")))
        press(driver, "#versions button[data-compare]")
        wait.until(EC.visibility_of_element_located((By.ID, "compare")))
        assert "onerror" in driver.find_element(By.ID, "diff").text
        assert not driver.find_elements(By.CSS_SELECTOR, "#detail img, #detail b, #flows img"), "a value became markup"
        assert driver.title != "owned"

        # Reset the whole flow.
        press(driver, "article[data-flow='orders'] button[data-action='reset-flow']")
        dialog = wait.until(EC.visibility_of_element_located((By.ID, "confirm")))
        assert "step_2" in dialog.text and "onerror" in dialog.text, dialog.text
        shot(driver, "10-confirm-reset-flow")
        driver.find_element(By.ID, "confirm-ok").click()
        eventually(lambda: snapshot_of(service, editor_key, "step_2") == (None, None), "the flow's reset in the API")
        assert jshost("snapshot", "list", "--flow", "orders").stdout.strip() == "", "no snapshot of the flow is left"
        shot(driver, "11-after-flow-reset")
        # After the flow's reset: a run gives step_1 a snapshot again, and the page edits it.
        assert api(service, editor_key, "POST", "/v2/flows/orders/run-now")[0] == 202
        eventually(lambda: snapshot_of(service, editor_key, "step_1")[0] == {"iteration": 1}, "a run after the reset")
        press(driver, "article[data-flow='orders'] button[data-step='step_1']")
        editor = wait.until(EC.visibility_of_element_located((By.ID, "editor")))
        wait.until(lambda d: '"iteration": 1' in editor.get_attribute("value"))
        accessible(driver, "a step with an edit key")

        # Discard is there for any edit: one over the limit, one that empties the editor.
        discard = driver.find_element(By.ID, "discard")
        assert not discard.is_enabled(), "nothing to discard yet"
        editor.send_keys(Keys.CONTROL, "a")
        editor.send_keys('{"big": "' + "x" * 6000 + '"}')
        wait.until(EC.text_to_be_present_in_element((By.ID, "validity"), "over the"))
        assert discard.is_enabled(), "an edit over the limit cannot be discarded"
        discard.click()
        wait.until(lambda d: '"iteration": 1' in editor.get_attribute("value"))
        editor.send_keys(Keys.CONTROL, "a")
        editor.send_keys(Keys.DELETE)
        wait.until(EC.text_to_be_present_in_element((By.ID, "validity"), "Empty"))
        assert discard.is_enabled(), "an emptied editor cannot be discarded"
        discard.click()
        wait.until(lambda d: '"iteration": 1' in editor.get_attribute("value"))

        # A save right after a run: the step has just run (its lease lingers a moment), and the save goes through.
        assert api(service, editor_key, "POST", "/v2/flows/orders/run-now")[0] == 202
        wait.until(lambda d: '"iteration": 2' in editor.get_attribute("value"))
        _, after_run = snapshot_of(service, editor_key, "step_1")
        editor.send_keys(Keys.CONTROL, "a")
        editor.send_keys('{"iteration": 41}')
        editor.send_keys(Keys.CONTROL, "s")
        eventually(lambda: snapshot_of(service, editor_key, "step_1") == ({"iteration": 41}, after_run + 1), "a save right after a run")
        assert "is running" not in driver.find_element(By.ID, "toast").text, driver.find_element(By.ID, "toast").text
        wait.until(lambda d: '"iteration": 41' in editor.get_attribute("value"))

        # A run commits while this page edits: the conflict names the run, not "someone".
        editor.send_keys(Keys.CONTROL, "a")
        editor.send_keys('{"iteration": 60}')
        assert api(service, editor_key, "POST", "/v2/flows/orders/run-now")[0] == 202
        wait.until(EC.visibility_of_element_located((By.ID, "newer")))
        driver.find_element(By.ID, "save").click()
        wait.until(EC.visibility_of_element_located((By.ID, "conflict")))
        text = driver.find_element(By.ID, "conflict-text").text
        assert "A run of the step" in text and "Someone" not in text, text
        shot(driver, "12-conflict-with-a-run")
        driver.find_element(By.ID, "take-theirs").click()
        wait.until(lambda d: '"iteration": 42' in editor.get_attribute("value"))
        dialog_opened = driver.find_element(By.ID, "reset-step")
        dialog_opened.click()
        wait.until(EC.visibility_of_element_located((By.ID, "confirm")))
        accessible(driver, "the confirmation dialog")
        driver.find_element(By.ID, "confirm-cancel").click()

        # Forget: no key, no step, nothing to save.
        driver.find_element(By.ID, "key-forget").click()
        wait.until(lambda d: not d.find_element(By.ID, "detail").is_displayed())
        assert "Enter an API key" in driver.find_element(By.ID, "flows").text
        logs = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        unexpected = [entry for entry in logs if not any(f" {code} " in entry["message"] for code in (401, 404, 412))]
        assert not unexpected, unexpected
        print("page test: every check held; screenshots in " + SHOTS)
    except Exception:
        shot(driver, "failure")
        raise
    finally:
        driver.quit()
        service.stop()
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
