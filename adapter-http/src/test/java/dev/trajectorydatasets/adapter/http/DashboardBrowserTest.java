package dev.trajectorydatasets.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.domain.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven by Selenium, against a real server with a
 * token and generated data. Checks that the page asks for the token, then shows the numbers the data implies in
 * its cards, tables and the data of each chart, that each chart drew on its canvas, and that store text is shown
 * as text. Saves a screenshot to {@code target/dashboard.png} (and to {@code -Ddashboard.screenshot=path}).
 * Without Chromium the test is skipped, except in CI ({@code CI=true}), where it fails.
 */
@org.junit.jupiter.api.Tag("browser")
class DashboardBrowserTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String TOKEN = "dashboard-secret";
    private static final String RUN = "grpo-math-7b";
    private static final String HOSTILE_RUN = "<img src=x onerror=alert(1)>";

    /** The time of the server and its store: three hours ago at the start, moved by the seed. */
    private final MovableClock clock = new MovableClock();
    private RunningServer running;
    private WebDriver browser;

    @BeforeEach
    void start() {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            String why = CHROMIUM + " and " + CHROMEDRIVER + " are needed (apt-get install -y chromium chromium-driver)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + ": CI must run the dashboard test");
            }
            Assumptions.abort(why);
        }
        clock.advance(Duration.ofHours(-3));
        running = RunningServer.withToken(TOKEN, new DatasetManager(new InMemoryDatasetStore(clock), clock));
        // Selenium Manager would look for a browser on the network: the paths are given, and it is told to stay offline.
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("SE_AVOID_STATS", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1440,1260");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (running != null) {
            running.close();
        }
    }

    /**
     * Run {@value #RUN} over the last three hours, one step each 15 minutes: 10 rollouts per step, 120 in all, tasks of
     * 4 (task t = rollout / 4); tasks 0-9 by model version 1, 10-19 by 2, 20-29 by 3; in version v, v of each task's 4
     * rollouts earn reward 1, the others -0.2 (mean 0.1, 0.4, 0.7; share above 0: 0.25, 0.5, 0.75). A checkpoint every 3 steps; a group claim of one
     * group of 4 at steps 4, 7 and 10 (12 uses); a leased claim of 5 acknowledged at step 8 (5 uses); rollouts x118 and
     * x119 used twice directly at the last step (4 uses).
     */
    private void seed(ApiClient api) {
        for (int step = 0; step < 12; step++) {
            String items = IntStream.range(step * 10, step * 10 + 10).mapToObj(i -> {
                int task = i / 4;
                int version = 1 + task / 10;
                return "{\"trajectory_id\":\"x" + i + "\",\"run_id\":\"" + RUN + "\",\"task_id\":\"t" + task
                        + "\",\"model_version\":" + version + ",\"reward\":" + (i % 4 < version ? "1.0" : "-0.2") + "}";
            }).collect(Collectors.joining(",", "{\"items\":[", "]}"));
            assertEquals(201, api.post("/v1/datasets/batch", items).status());
            if (step % 3 == 0) {
                assertEquals(201, api.post("/v1/runs/" + RUN + "/checkpoints",
                        "{\"path\":\"/ckpt/step-" + step * 100 + "\"" + (step == 0 ? ",\"initial\":true" : "") + "}").status());
            }
            if (step == 4 || step == 7 || step == 10) {
                assertEquals(1, api.post("/v1/group-claims", "{\"run_id\":\"" + RUN + "\",\"group_size\":4,\"max_groups\":1}").json()
                        .get("groups").size());
            }
            if (step == 8) {
                JsonNode lease = api.post("/v1/claims", "{\"count\":5,\"run_id\":\"" + RUN + "\",\"lease_seconds\":60}").json();
                assertEquals(200, api.post("/v1/leases/" + lease.get("lease_id").asLong() + "/ack", "").status());
            }
            clock.advance(Duration.ofMinutes(15));
        }
        clock.advance(Duration.ofMinutes(-14));
        for (String id : List.of("x118", "x119")) {
            assertEquals(200, api.post("/v1/trajectories/" + id + "/use", "{\"by\":2}").status());
        }
        assertEquals(201, api.post("/v1/datasets", "{\"trajectory_id\":\"h1\",\"run_id\":\"" + HOSTILE_RUN + "\"}").status());
    }

    @Test
    void the_dashboard_asks_for_the_token_then_charts_the_runs_numbers() throws IOException {
        ApiClient api = new ApiClient(running.server.port(), java.util.Optional.of(TOKEN));
        seed(api);
        long eligibleTasks = eligibleTasksFromTheRecords(api);

        browser.get("http://127.0.0.1:" + running.server.port() + "/ui#run=" + RUN + "&group_size=4&max_used=1");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.withMessage(() -> "the page says: '" + text("error") + "'");
        wait.until(d -> d.findElement(By.id("token-form")).isDisplayed());
        assertTrue(browser.findElement(By.id("run")).getDomAttribute("hidden") != null, "no data without the token");
        browser.findElement(By.id("auto")).click(); // no refresh while the test reads
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.cssSelector("#token-form button")).click();
        wait.until(d -> "1".equals(d.findElement(By.tagName("body")).getDomAttribute("data-loaded")));

        screenshot();

        assertEquals("Run " + RUN, text("run-title"));
        assertEquals("120", text("card-trajectories"));
        assertEquals("101", text("card-unused"), "120 - 12 group-claimed - 5 acknowledged - 2 used");
        assertEquals("21", text("card-uses"));
        assertEquals("3", text("card-checkpoint"));
        assertEquals(String.valueOf(eligibleTasks), text("card-eligible"));
        assertEquals(List.of(List.of("1", "40", "40", "0.100", "25.0 %", "10"), List.of("2", "40", "40", "0.400", "50.0 %", "10"),
                List.of("3", "40", "40", "0.700", "75.0 %", "10")), rows("versions"));
        assertEquals(List.of(List.of("0", "101"), List.of("1", "17"), List.of("2", "2")), rows("used"));
        assertEquals(List.of("3", "/ckpt/step-900"), rows("checkpoints").get(0).subList(0, 2));

        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertEquals(List.of(List.of(0L, 1L, 2L), List.of(101L, 17L, 2L)), js.executeScript(
                "return dashboard.charts['chart-used'].data.map(s => Array.from(s));"));
        List<?> curve = (List<?>) js.executeScript("return dashboard.charts['chart-curve'].data.slice(1).map(s => Array.from(s));");
        assertEquals(List.of(0.1, 0.4, 0.7), ((List<?>) curve.get(0)).stream().map(v -> Math.round(((Number) v).doubleValue() * 1e9) / 1e9).toList());
        assertEquals(List.of(0.25, 0.5, 0.75), curve.get(1));
        assertEquals(List.of(120L, 101L), js.executeScript(
                "const d = dashboard.charts['chart-timeline'].data; return [d[1][d[1].length - 1], d[2][d[2].length - 1]];"));
        assertEquals(List.of(120L, 12L, 5L, 4L), js.executeScript("""
                const d = dashboard.charts['chart-rates'].data, perMinute = 60 / dashboard.data.timeline.bucket_seconds;
                return [1, 2, 3, 4].map(i => Math.round(d[i].reduce((a, b) => a + b, 0) / perMinute));"""),
                "created, claimed, acknowledged and used, summed over the spans");
        for (String chart : List.of("chart-timeline", "chart-rates", "chart-curve", "chart-used")) {
            // Pixels in the first series' colour (#3461d1), not the axes' grey: the data itself was drawn.
            Number drawn = (Number) js.executeScript("""
                    const c = document.querySelector('#' + arguments[0] + ' canvas');
                    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    let n = 0;
                    for (let i = 0; i < px.length; i += 4) {
                      if (px[i + 3] > 100 && Math.abs(px[i] - 52) < 40 && Math.abs(px[i + 1] - 97) < 40 && Math.abs(px[i + 2] - 209) < 40) n++;
                    }
                    return n;""", chart);
            assertTrue(drawn.longValue() > 100, chart + " drew " + drawn + " pixels of its first series");
        }

        List<WebElement> runs = browser.findElements(By.cssSelector("#runs tbody tr"));
        assertEquals(List.of(HOSTILE_RUN, RUN), runs.stream().map(r -> r.findElement(By.tagName("td")).getText()).toList());
        assertTrue(browser.findElements(By.cssSelector("#runs img")).isEmpty(), "a run id is shown as text, never as HTML");
        assertFalse(text("error").contains("401"));
        assertEquals(eligibleTasks + " of 30 tasks have at least 4 members never used; the first 10 shown.", text("tasks-note"));
        assertEquals("", text("curve-note"), "rewards of 1 and -0.2: the two lines differ");
        assertEquals(true, js.executeScript("return [...document.querySelectorAll('#runs th')].every(th => th.scrollWidth <= th.clientWidth);"),
                "every header of the runs table fits its column");
        assertEquals(List.of(0L, 0L, 0L), js.executeScript(
                "return ['chart-timeline', 'chart-rates', 'chart-used'].map(id => dashboard.charts[id].scales.y.min);"), "counts start at zero");

        // Every rule of the trainer's group claim, from the link: only tasks a claim with those rules would take count.
        browser.get("http://127.0.0.1:" + running.server.port() + "/ui#run=" + RUN + "&group_size=4&max_used=1&mean_reward_min=0.5&mixed_rewards=true");
        browser.navigate().refresh();
        wait.until(d -> "1".equals(d.findElement(By.tagName("body")).getDomAttribute("data-loaded")));
        browser.findElement(By.id("auto")).click();
        long strict = eligibleTasksFromTheRecords(api, 0.5);
        assertTrue(strict < eligibleTasks, strict + " of " + eligibleTasks);
        assertEquals(String.valueOf(strict), text("card-eligible"));
        assertTrue(text("tasks-note").contains("(mean reward at least 0.5, rewards not all equal)"), text("tasks-note"));

        // Pausing the run's claims from the page (with the token the page was given), and resuming them.
        assertEquals("Claims running.", text("run-paused"));
        browser.findElement(By.id("pause-button")).click();
        wait.until(d -> text("run-paused").startsWith("Claims paused since "));
        assertTrue(browser.findElements(By.cssSelector("#runs tbody tr td:first-child")).stream()
                .anyMatch(cell -> cell.getText().equals("⏸ " + RUN)), "the runs table marks the paused run");
        JsonNode refused = api.post("/v1/claims", "{\"count\":1,\"run_id\":\"" + RUN + "\"}").json();
        assertEquals(0, refused.get("items").size());
        assertEquals(RUN, refused.get("paused").get("run_id").asText());
        assertEquals("Resume claims", browser.findElement(By.id("pause-button")).getText());
        browser.findElement(By.id("pause-button")).click();
        wait.until(d -> text("run-paused").equals("Claims running."));
        assertEquals(0, api.get("/v1/pauses").json().get("items").size());

        // Counted by another consumer group: an evaluator that used five rollouts, chosen in the page's selector.
        assertEquals(200, api.post("/v1/datasets/use", "{\"trajectory_ids\":[\"x0\",\"x1\",\"x2\",\"x3\",\"x4\"],\"consumer_group\":\"eval\"}")
                .status());
        browser.navigate().refresh();
        wait.until(d -> "1".equals(d.findElement(By.tagName("body")).getDomAttribute("data-loaded")));
        browser.findElement(By.id("auto")).click();
        assertEquals(List.of("default", "eval"), browser.findElements(By.cssSelector("#group option")).stream().map(WebElement::getText).toList());
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("group"))).selectByValue("eval");
        wait.until(d -> "115".equals(text("card-unused")));
        assertEquals("5", text("card-uses"));
        assertEquals(List.of(List.of("0", "115"), List.of("1", "5")), rows("used"));
        assertTrue(browser.getCurrentUrl().contains("group=eval"), browser.getCurrentUrl());

    }

    /** What the page shows, to target/dashboard.png, and to the path in {@code -Ddashboard.screenshot} when set (docs/dashboard.png). */
    private void screenshot() throws IOException {
        Path shot = Path.of("target", "dashboard.png");
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        String copy = System.getProperty("dashboard.screenshot", "");
        if (!copy.isBlank()) {
            Files.copy(shot, Path.of(copy), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Tasks with at least 4 rollouts never used, worked out from the records themselves. */
    private static long eligibleTasksFromTheRecords(ApiClient api) {
        return eligibleTasksFromTheRecords(api, Double.NEGATIVE_INFINITY);
    }

    /** Tasks with at least 4 rollouts never used whose rewards are not all equal and average at least {@code meanRewardMin}. */
    private static long eligibleTasksFromTheRecords(ApiClient api, double meanRewardMin) {
        Map<String, List<Double>> unused = new HashMap<>();
        for (JsonNode record : api.get("/v1/datasets?run_id=" + RUN + "&limit=1000").json().get("items")) {
            if (record.get("used").asInt() == 0) {
                unused.computeIfAbsent(record.get("task_id").asText(), t -> new java.util.ArrayList<>()).add(record.get("reward").asDouble());
            }
        }
        return unused.values().stream().filter(rewards -> rewards.size() >= 4)
                .filter(rewards -> meanRewardMin == Double.NEGATIVE_INFINITY
                        || rewards.stream().mapToDouble(Double::doubleValue).average().orElse(0) >= meanRewardMin
                        && rewards.stream().distinct().count() > 1)
                .count();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private List<List<String>> rows(String table) {
        return browser.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
                .map(tr -> tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
                .toList();
    }
}
