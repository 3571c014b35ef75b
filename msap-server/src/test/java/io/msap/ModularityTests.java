package io.msap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module boundaries of DESIGN.md section 1, checked in every build: Spring Modulith's rules (no cycles, only
 * public API across modules), and ArchUnit rules for who may use fabric8, git, Jib and operating-system processes.
 */
class ModularityTests {

    private static final ApplicationModules MODULES = ApplicationModules.of(MsapApplication.class);

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.msap");

    @Test
    void modulesRespectTheirBoundaries() {
        MODULES.verify();
    }

    @Test
    void onlyTheKubernetesModuleUsesFabric8() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.msap.kubernetes..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.fabric8..")
                .allowEmptyShould(true)
                .check(MAIN_CLASSES);
    }

    @Test
    void onlyTheScmModuleUsesGit() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.msap.scm..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.eclipse.jgit..")
                .allowEmptyShould(true)
                .check(MAIN_CLASSES);
    }

    @Test
    void onlyTheArtifactModuleUsesJib() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.msap.artifact..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.google.cloud.tools.jib..")
                .allowEmptyShould(true)
                .check(MAIN_CLASSES);
    }

    @Test
    void onlyThePipelineModuleStartsProcesses() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.msap.pipeline..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName(ProcessBuilder.class.getName())
                .orShould()
                .callMethod(Runtime.class, "exec", String.class)
                .orShould()
                .callMethod(Runtime.class, "exec", String[].class)
                .allowEmptyShould(true)
                .check(MAIN_CLASSES);
    }

    @Test
    void sharedDependsOnNoFeatureModule() {
        noClasses()
                .that()
                .resideInAPackage("io.msap.shared..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.msap.account..",
                        "io.msap.project..",
                        "io.msap.security..",
                        "io.msap.audit..",
                        "io.msap.app..",
                        "io.msap.connection..",
                        "io.msap.environment..",
                        "io.msap.configmap..",
                        "io.msap.deployconfig..",
                        "io.msap.release..",
                        "io.msap.pipeline..",
                        "io.msap.artifact..",
                        "io.msap.permission..",
                        "io.msap.kubernetes..",
                        "io.msap.scm..")
                .check(MAIN_CLASSES);
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(MODULES).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
