namespace LoopDrive.Client;

public sealed class LoopDriveClient;
