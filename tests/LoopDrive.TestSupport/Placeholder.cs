namespace LoopDrive.TestSupport;
