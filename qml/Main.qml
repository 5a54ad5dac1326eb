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

            header: ToolBar {
                RowLayout {
                    anchors.fill: parent
                    anchors.leftMargin: 12
                    anchors.rightMargin: 12
                    spacing: 8

                    Label {
                        text: "Candor"
                        font.pixelSize: 20
                        font.bold: true
                    }

                    ToolButton {
                        objectName: "samplesButton"
                        text: qsTr("Samples")
                        onClicked: workspacePage.showList()
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("All samples (Ctrl+L)")
                    }

                    ToolButton {
                        objectName: "reviewButton"
                        text: Session.canReview ? qsTr("Review queue (%1)").arg(Session.reviewQueueCount) : qsTr("Review queue")
                        enabled: Session.canReview
                        onClicked: workspacePage.showReview()
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Results waiting for verification, oldest first")
                    }

                    ToolButton {
                        objectName: "alertsButton"
                        text: qsTr("Alerts")
                        enabled: Session.canCoordinate
                        onClicked: workspacePage.showAlerts()
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Community alerts: drafts, publishing, withdrawals (coordinator)")
                    }

                    ToolButton {
                        objectName: "newSampleButton"
                        text: qsTr("+ New sample")
                        font.bold: true
                        enabled: Session.canTakeIn
                        onClicked: workspacePage.newSample()
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Take in a sample (Ctrl+N)")
                    }

                    ToolButton {
                        objectName: "libraryButton"
                        text: qsTr("Library")
                        onClicked: workspacePage.showLibrary()
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("The reference library matching searches")
                    }

                    // Short, so that the toolbar still fits at 1024 px: the long sentence
                    // pushed Sign out off the window. The full warning is on hover and
                    // on every demo sample.
                    DemoBadge {
                        id: demoBanner

                        objectName: "demoBanner"
                        visible: Session.hasDemoData
                        text: qsTr("DEMO DATA")
                        Accessible.name: qsTr("Demo data in this database: not real results")

                        HoverHandler {
                            id: demoBannerHover
                        }
                        ToolTip.visible: demoBannerHover.hovered
                        ToolTip.text: qsTr("This database holds invented demo samples: not real results. Remove them in Settings.")
                    }

                    Item {
                        Layout.fillWidth: true
                    }

                    Label {
                        text: qsTr("%1 (%2)").arg(Session.displayName).arg(Session.rolesText)
                        opacity: 0.8
                        elide: Text.ElideRight
                        Layout.maximumWidth: 280
                    }

                    ToolButton {
                        objectName: "settingsButton"
                        text: qsTr("Settings")
                        onClicked: workspacePage.showSettings()
                    }

                    ToolButton {
                        objectName: "signOutButton"
                        text: qsTr("Sign out")
                        onClicked: window.signOut()
                    }
                }
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
