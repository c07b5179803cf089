package io.vigo.swarm.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The floors of the house (STYLE.md): contracts at the bottom, programs in the middle, the local
 * stack on top; nothing reaches backwards, and no module's packages import each other in a circle.
 * Reads the main classes of every module from this module's class path.
 */
class ArchitectureTest {

    private static final String[] CONTRACTS = {"io.vigo.swarm.events..", "io.vigo.swarm.topics..", "io.vigo.swarm.api.."};
    private static final String[] PROGRAMS = {"io.vigo.swarm.streams..", "io.vigo.swarm.cli..", "io.vigo.swarm.envoy..", "io.vigo.swarm.gateway..",
            "io.vigo.swarm.local.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.vigo.swarm");
    }

    @Test
    void contractsDependOnNoProgram() {
        noClasses().that().resideInAnyPackage(CONTRACTS)
                .should().dependOnClassesThat().resideInAnyPackage(PROGRAMS)
                .check(classes);
    }

    @Test
    void theCliKnowsTheHttpContractNeverTheStreamsApp() {
        noClasses().that().resideInAPackage("io.vigo.swarm.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vigo.swarm.streams..", "io.vigo.swarm.envoy..", "io.vigo.swarm.local..")
                .check(classes);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"streams", "cli", "envoy", "gateway"})
    void eachDeployableStandsAloneOnTheContracts(String program) {
        // The agent knows the gateway only through the protocol (api.envoy), the gateway the tracker only through HTTP.
        List<String> others = new java.util.ArrayList<>(List.of("streams", "cli", "envoy", "gateway"));
        others.remove(program);
        noClasses().that().resideInAPackage("io.vigo.swarm." + program + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others.stream().map(o -> "io.vigo.swarm." + o + "..").toArray(String[]::new))
                .check(classes);
    }

    @Test
    void theProgramsNeverDependOnTheLocalStack() {
        noClasses().that().resideInAnyPackage("io.vigo.swarm.streams..", "io.vigo.swarm.cli..", "io.vigo.swarm.envoy..", "io.vigo.swarm.gateway..")
                .should().dependOnClassesThat().resideInAPackage("io.vigo.swarm.local..")
                .check(classes);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"io.vigo.swarm.streams", "io.vigo.swarm.cli", "io.vigo.swarm.envoy", "io.vigo.swarm.gateway", "io.vigo.swarm.local"})
    void noModuleHasPackageCycles(String module) {
        slices().assignedFrom(packagesUnder(module)).should().beFreeOfCycles().check(classes);
    }

    /** One slice per package under {@code module}, the module's root package included. */
    private static SliceAssignment packagesUnder(String module) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                return name.equals(module) || name.startsWith(module + ".") ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages of " + module;
            }
        };
    }
}
