// Clipboard access for the dashboard. navigator.clipboard exists only on secure origins
// (https or localhost); elsewhere fall back to a hidden text area and the copy command.
window.loopDrive = window.loopDrive || {};
window.loopDrive.copyText = async function (text) {
    if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return;
    }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const copied = document.execCommand("copy");
    document.body.removeChild(area);
    if (!copied) {
        throw new Error("copy refused");
    }
};
