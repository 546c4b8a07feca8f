#!/usr/bin/env python3
"""Drives the tuopin web app in headless Chromium as a planner would, and prints what it read as JSON.

Used by Tests/ServerTests/BrowserSessionTests.swift, which starts `tuopin serve` on a copy of a county
folder and checks the figures against the CLI. Steps: open the county page; copy the baseline scenario
in the editor, enter a bad value (the error must appear next to its field), then a good one, and save;
back on the county page, select the baseline and the new scenario, run, wait for the comparison and read
the poor-persons figure of the new scenario from the table. With THROUGH, the run is a multi-year
projection through that year (the "through year" choice): the by-year table and the path chart are read
from the result too. A screenshot of every page is written.

usage: workbench_session.py BASE_URL COUNTY_ID SCREENSHOT_FOLDER DRAWS SEED [THROUGH]
Needs selenium and Debian's chromium and chromium-driver (/usr/bin/chromedriver).
"""
import json
import os
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import Select, WebDriverWait


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("TUOPIN_BROWSER", "/usr/bin/chromium")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,1800",
                 "--disable-dev-shm-usage", "--no-first-run"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(os.environ.get("TUOPIN_CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)


def main():
    base, county, shots, draws, seed = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
    through = sys.argv[6] if len(sys.argv) > 6 else None
    os.makedirs(shots, exist_ok=True)
    out = {}
    driver = browser()
    wait = WebDriverWait(driver, 30)
    try:
        # 1. The county page: the profile's headline and chart.
        driver.get(f"{base}/county/{county}?lang=en")
        wait.until(ready.presence_of_element_located((By.ID, "headline")))
        out["headline"] = driver.find_element(By.ID, "headline").text
        out["chart_bars"] = len(driver.find_elements(By.CSS_SELECTOR, "#profile svg rect"))
        driver.save_screenshot(os.path.join(shots, "county.png"))

        # 2. The editor: copy the baseline, first with a bad lever value, then a good one.
        driver.get(f"{base}/county/{county}/scenario/baseline.toml?lang=en&copy=1")
        wait.until(ready.presence_of_element_located((By.ID, "scenario-form")))
        fields = driver.execute_script("return window.tuopinEditor.fieldPaths()")
        out["editor_fields"] = len(fields)
        target = driver.find_element(By.ID, "target")
        target.clear()
        target.send_keys("browser-test.toml")
        driver.execute_script("window.tuopinEditor.set('name', 'browser-test')")
        driver.execute_script("window.tuopinEditor.set('policy.transfer_increase_per_person', 'lots')")
        driver.find_element(By.ID, "save").click()
        error_slot = '.field-error[data-for="policy.transfer_increase_per_person"]'
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, error_slot).text.strip() != "")
        out["bad_value_error"] = driver.find_element(By.CSS_SELECTOR, error_slot).text
        driver.save_screenshot(os.path.join(shots, "editor-error.png"))
        driver.execute_script("window.tuopinEditor.set('policy.transfer_increase_per_person', '800')")
        driver.execute_script("window.tuopinEditor.set('policy.transfer_recipients', 'registered_poor')")
        driver.find_element(By.ID, "save").click()
        wait.until(lambda d: d.find_element(By.ID, "status").get_attribute("class") == "ok")
        out["saved"] = driver.find_element(By.ID, "status").text
        driver.save_screenshot(os.path.join(shots, "editor-saved.png"))

        # 3. Run the baseline and the new scenario, wait for the table, read a figure.
        driver.get(f"{base}/county/{county}?lang=en")
        wait.until(ready.presence_of_element_located((By.ID, "run")))
        for box in driver.find_elements(By.CSS_SELECTOR, "input[name=scenario]"):
            wanted = box.get_attribute("value") in ("baseline.toml", "browser-test.toml")
            if box.is_selected() != wanted:
                box.click()
        for field, value in (("draws", draws), ("seed", seed)):
            element = driver.find_element(By.ID, field)
            element.clear()
            element.send_keys(value)
        if through:
            Select(driver.find_element(By.ID, "through")).select_by_value(through)
            out["through_choices"] = [o.get_attribute("value") for o in driver.find_elements(By.CSS_SELECTOR, "#through option")]
        started = time.monotonic()
        driver.find_element(By.ID, "run").click()
        progress_seen = []
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            progress_seen.append(float(driver.find_element(By.ID, "progress").get_attribute("value") or 0))
            if driver.find_element(By.ID, "result").get_attribute("data-run"):
                break
            time.sleep(0.1)
        run = driver.find_element(By.ID, "result").get_attribute("data-run")
        frame = driver.find_element(By.ID, "result-frame")
        driver.switch_to.frame(frame)
        WebDriverWait(driver, 60).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "table tbody tr")) > 0)
        out["run_to_table_seconds"] = time.monotonic() - started
        with urllib.request.urlopen(f"{base}/api/runs/{run}/result?format=json&lang=en") as response:
            comparison = json.loads(response.read())
        label = next(row["label"] for row in comparison["rows"] if row["key"] == "poor_persons")
        cells = None
        for row in driver.find_elements(By.CSS_SELECTOR, "table tbody tr"):
            texts = [cell.text for cell in row.find_elements(By.CSS_SELECTOR, "th, td")]
            if texts and texts[0].strip() == label:
                cells = texts
                break
        out["poor_persons_label"] = label
        out["poor_persons_cells"] = cells
        out["scenario_headers"] = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "table thead th.scenario")]
        if through:
            # The by-year section: its table's rows as shown, and the path chart with its bands.
            out["by_year_rows"] = [[cell.text for cell in row.find_elements(By.CSS_SELECTOR, "td")]
                                   for row in driver.find_elements(By.CSS_SELECTOR, 'section.by-year table[data-key="by_year"] tbody tr')]
            out["by_year_headers"] = [h.text for h in driver.find_elements(By.CSS_SELECTOR, 'section.by-year table[data-key="by_year"] thead th')]
            charts = driver.find_elements(By.CSS_SELECTOR, "section.by-year svg.path-chart")
            out["path_charts"] = len(charts)
            out["path_chart_bands"] = len(charts[0].find_elements(By.CSS_SELECTOR, "polygon")) if charts else 0
            out["path_chart_lines"] = len(charts[0].find_elements(By.CSS_SELECTOR, "polyline")) if charts else 0
            if charts:
                driver.execute_script("arguments[0].scrollIntoView()", charts[0])
                driver.switch_to.default_content()
                driver.execute_script("document.getElementById('result-frame').scrollIntoView()")
                driver.switch_to.frame(frame)
                driver.execute_script("arguments[0].scrollIntoView()", driver.find_element(By.CSS_SELECTOR, "section.by-year"))
                driver.switch_to.default_content()
                driver.save_screenshot(os.path.join(shots, "by-year.png"))
                driver.switch_to.frame(frame)
        driver.switch_to.default_content()
        out["run"] = int(run)
        out["progress_values"] = sorted(set(progress_seen))
        out["downloads"] = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#downloads a")]
        driver.save_screenshot(os.path.join(shots, "comparison.png"))
    finally:
        driver.quit()
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
