package org.givingstream.localstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian's {@code chromium} package, driven through {@code chromium-driver} by Selenium.
 * Both paths are given explicitly, so Selenium Manager never looks for (or downloads) a browser or a driver.
 *
 * <p>Without them the test is skipped locally, with the reason, but fails on CI ({@code CI=true}), where
 * {@code .ci/run} installs them.
 */
final class DashboardBrowser implements AutoCloseable {

    static final Dimension DESKTOP = new Dimension(1280, 1000);
    static final Dimension PHONE = new Dimension(390, 844);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final WebDriverWait wait;

    private DashboardBrowser(ChromeDriver driver, Duration patience) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, patience);
    }

    static DashboardBrowser start(Duration patience) {
        Path chromium = executable("CHROMIUM_BINARY", "/usr/bin/chromium");
        Path chromedriver = executable("CHROMEDRIVER", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions()
                .setBinary(chromium.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox", // CI runs as root
                        "--disable-dev-shm-usage",
                        "--disable-gpu",
                        "--hide-scrollbars",
                        "--window-size=" + DESKTOP.getWidth() + "," + DESKTOP.getHeight());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        return new DashboardBrowser(new ChromeDriver(service, options), patience);
    }

    private static Path executable(String variable, String debianPath) {
        Path path = Path.of(System.getenv().getOrDefault(variable, debianPath));
        if (!Files.isExecutable(path)) {
            String reason = path + " is missing: install Debian's chromium and chromium-driver (.ci/run does), or set "
                    + variable;
            TestMachine.missing(reason);
        }
        return path;
    }

    void open(String url) {
        driver.get(url);
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    boolean displayed(String id) {
        return driver.findElement(By.id(id)).isDisplayed();
    }

    void awaitText(String id, String expected) {
        wait.withMessage(() -> "#" + id + " shows '" + text(id) + "', expected '" + expected + "'")
                .until(ExpectedConditions.textToBe(By.id(id), expected));
    }

    List<String> texts(String cssSelector) {
        return driver.findElements(By.cssSelector(cssSelector)).stream()
                .map(e -> e.getText())
                .toList();
    }

    Object script(String javaScript) {
        return driver.executeScript(javaScript);
    }

    /** Saves a screenshot at the given window size to {@code target/screenshots/<name>.png}. */
    Path screenshot(String name, Dimension size) throws IOException {
        driver.manage().window().setSize(size);
        Files.createDirectories(SCREENSHOTS);
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Path target = SCREENSHOTS.resolve(name + ".png");
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target.toAbsolutePath();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
