import QtQml
import QtQuick
import QtQuick.Controls
import Candor

// The workflow status of a sample as a coloured pill.
Label {
    id: root

    required property string status

    text: root.status.replace(/-/g, " ")
    color: "white"
    font.pixelSize: 12
    font.bold: true
    leftPadding: 8
    rightPadding: 8
    topPadding: 2
    bottomPadding: 2
    background: Rectangle {
        radius: 8
        color: {
            switch (root.status) {
            case Vocabulary.received: return "#5f6b7a";
            case Vocabulary.inTesting: return "#1f6fb2";
            case Vocabulary.toBeVerified: return "#a66300";
            case Vocabulary.verified: return "#2e7d32";
            case Vocabulary.invalidated: return "#8e1b1b";
            default: return "#5f6b7a";
            }
        }
    }
}
