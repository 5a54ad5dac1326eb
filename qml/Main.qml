pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// The window: sign-in first, then the samples list with intake and sample pages on top.
ApplicationWindow {
    id: window

    width: 1280
    height: 800
    minimumWidth: 900
    minimumHeight: 600
    visible: true
    // Qt appends the application display name ("— Candor").
    title: Session.signedIn ? Session.displayName : qsTr("Sign in")

    function showWorkspace(): void {
        if (Session.sampleCount === 0 && !Session.hasDemoData)
            rootStack.replace(null, firstRunPage);
        else
            rootStack.replace(null, workspace, { startOnReview: Session.startsOnReviewQueue });
    }

    Connections {
        target: Session

        function onTimedOut(): void {
            rootStack.replace(null, signInPage);
        }

        function onSignedOutBecause(message: string): void {
            rootStack.replace(null, signInPage);
            (rootStack.currentItem as SignInPage)?.showMessage(message);
        }
    }

    function signOut(): void {
        Session.signOut();
        rootStack.replace(null, signInPage);
    }

    // What the window shows, for the GUI tests (tests/app/gui_*.sh), which wait for these
    // lines instead of sleeping: silent unless QT_LOGGING_RULES="candor.ui.info=true".
    LoggingCategory {
        id: uiLog

        name: "candor.ui"
        defaultLogLevel: LoggingCategory.Warning
    }

    // Logs the page a stack shows once its transition has ended.
    function logShown(stack: StackView): void {
        if (!stack.busy && stack.currentItem)
            console.info(uiLog, "page shown: " + stack.currentItem.objectName);
    }

    StackView {
        id: rootStack

        anchors.fill: parent
        initialItem: Session.needsFirstUser ? firstUserPage : signInPage
        onBusyChanged: window.logShown(rootStack)
        Component.onCompleted: window.logShown(rootStack)
    }

    Component {
        id: signInPage

        SignInPage {
            objectName: "signInPage"

            onSignedIn: window.showWorkspace()
        }
    }

    Component {
        id: firstUserPage

        FirstUserPage {
            objectName: "firstUserPage"

            onCreated: window.showWorkspace()
        }
    }

    Component {
        id: firstRunPage

        FirstRunPage {
            objectName: "firstRunPage"

            onDone: rootStack.replace(null, workspace)
        }
    }

    Component {
        id: workspace

        Page {
            id: workspacePage

            objectName: "workspace"

            // A verifier with results waiting starts on the queue (Session decides).
            property bool startOnReview: false

            Component.onCompleted: if (workspacePage.startOnReview)
                workspacePage.showReview()

            function openSample(sampleId: string): void {
                pages.push(samplePage, { sampleId: sampleId });
            }

            function newSample(): void {
                if (!(pages.currentItem instanceof IntakePage))
                    pages.push(intakePage);
            }

            function showList(): void {
                pages.pop(null);
            }

            function showSettings(): void {
                pages.pop(null);
                pages.push(settingsPage);
            }

            function showReview(): void {
                pages.pop(null);
                pages.push(reviewPage);
            }

            function showAlerts(): void {
                pages.pop(null);
                pages.push(alertsPage);
            }

            function showLibrary(): void {
                if (!(pages.currentItem instanceof LibraryPage))
                    pages.push(libraryPage);
            }

            Shortcut {
                sequence: "Ctrl+N"
                onActivated: workspacePage.newSample()
            }

            Shortcut {
                sequence: "Ctrl+L"
                onActivated: workspacePage.showList()
            }

            header: WorkspaceToolBar {
                onShowList: workspacePage.showList()
                onShowReview: workspacePage.showReview()
                onShowAlerts: workspacePage.showAlerts()
                onNewSample: workspacePage.newSample()
                onShowLibrary: workspacePage.showLibrary()
                onShowSettings: workspacePage.showSettings()
                onSignOut: window.signOut()
            }

            StackView {
                id: pages

                anchors.fill: parent
                onBusyChanged: window.logShown(pages)
                initialItem: SamplesPage {
                    objectName: "samplesPage"
                    onOpenSample: sampleId => workspacePage.openSample(sampleId)
                    onNewSample: workspacePage.newSample()
                }
            }

            Component {
                id: intakePage

                IntakePage {
                    objectName: "intakePage"

                    onCreated: sampleId => pages.replace(pages.currentItem, samplePage, { sampleId: sampleId })
                    onCancelled: pages.pop()
                }
            }

            Component {
                id: settingsPage

                SettingsPage {
                    objectName: "settingsPage"
                }
            }

            Component {
                id: reviewPage

                ReviewPage {
                    objectName: "reviewPage"

                    onOpenSample: sampleId => workspacePage.openSample(sampleId)
                }
            }

            Component {
                id: libraryPage

                LibraryPage {
                    objectName: "libraryPage"

                    onBack: pages.pop()
                    onOpenSample: sampleId => workspacePage.openSample(sampleId)
                    onOpenLabValidation: pages.push(labValidationPage)
                }
            }

            Component {
                id: labValidationPage

                LabValidationPage {
                    objectName: "labValidationPage"

                    onBack: pages.pop()
                    onOpenSample: sampleId => workspacePage.openSample(sampleId)
                }
            }

            Component {
                id: alertsPage

                AlertsPage {
                    objectName: "alertsPage"
                }
            }

            Component {
                id: samplePage

                SamplePage {
                    objectName: "samplePage"

                    onBack: pages.pop()
                }
            }
        }
    }
}
