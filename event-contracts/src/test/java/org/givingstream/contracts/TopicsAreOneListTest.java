package org.givingstream.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link Topics} is the one list of topic names: every name the services' configuration, the event documentation and
 * the README spell out must be in it, and docs/asyncapi.yaml must have exactly the shared ones as channels. (The
 * Java code uses the constants; these files cannot.)
 */
class TopicsAreOneListTest {

    /**
     * Anything that looks like a topic name: {@code giving.}, a version mark {@code .v<digit>} somewhere, and every
     * name character around it, so that {@code giving.donations.v1-dlq} is read whole (and refused), not as
     * {@code giving.donations.v1}. A sentence's full stop after a name is not part of it.
     */
    private static final Pattern TOPIC = Pattern.compile("giving\\.[\\w.-]*?\\.v\\d[\\w.-]*?(?=\\.?(?![\\w.-]))");
    /** What the bindings name in YAML: a destination or a dead-letter topic, whatever its spelling. */
    private static final Pattern YAML_TOPIC = Pattern.compile("(?m)^\\s*(?:destination|dlq-name):\\s*(\\S+)\\s*$");

    private static final Pattern CHANNEL_ADDRESS = Pattern.compile("(?m)^\\s+address:\\s*(\\S+)\\s*$");
    /** The module's directory when Maven runs the test; the repository root is its parent. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyTopicTheConfigurationAndDocsNameIsInTheList() throws IOException {
        List<Path> files = List.of(
                ROOT.resolve("donation-service/src/main/resources/application.yml"),
                ROOT.resolve("campaign-service/src/main/resources/application.yml"),
                ROOT.resolve("notification-service/src/main/resources/application.yml"),
                ROOT.resolve("docker-compose.yml"),
                ROOT.resolve("README.md"),
                ROOT.resolve("docs/asyncapi.yaml"));
        Set<String> named = new TreeSet<>();
        for (Path file : files.subList(0, 3)) {
            Matcher bound = YAML_TOPIC.matcher(Files.readString(file));
            while (bound.find()) {
                assertThat(bound.group(1))
                        .as("a binding's topic in %s", ROOT.relativize(file))
                        .isIn(Topics.all());
            }
        }
        for (Path file : files) {
            Set<String> inFile = topicsIn(Files.readString(file));
            assertThat(inFile).as("topics named in %s", ROOT.relativize(file)).isSubsetOf(Topics.all());
            named.addAll(inFile);
        }
        assertThat(named)
                .as("the services' configuration and docs name every topic")
                .containsAll(Topics.shared());
    }

    @Test
    void theAsyncApiChannelsAreExactlyTheSharedTopics() throws IOException {
        String asyncApi = Files.readString(ROOT.resolve("docs/asyncapi.yaml"));
        Set<String> addresses = new TreeSet<>();
        Matcher m = CHANNEL_ADDRESS.matcher(asyncApi);
        while (m.find()) {
            addresses.add(m.group(1));
        }
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(Topics.shared());
    }

    @Test
    void theListHasNoDuplicatesAndSharedIsPartOfAll() {
        assertThat(Topics.all()).doesNotHaveDuplicates().containsAll(Topics.shared());
    }

    @Test
    void everyTopicConstantIsInTheList() throws IllegalAccessException {
        Set<String> constants = new TreeSet<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && field.getType() == String.class
                    && !field.getName().endsWith("_SUFFIX")) {
                constants.add((String) field.get(null));
            }
        }
        assertThat(constants).containsExactlyInAnyOrderElementsOf(Topics.all());
    }

    private static Set<String> topicsIn(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = TOPIC.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
