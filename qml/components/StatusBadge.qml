import QtQml
import QtQuick
import QtQuick.Controls

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
            case "received": return "#5f6b7a";
            case "in-testing": return "#1f6fb2";
            case "to-be-verified": return "#a66300";
            case "verified": return "#2e7d32";
            case "invalidated": return "#8e1b1b";
            default: return "#5f6b7a";
            }
        }
    }
}
