// Generated from `tshark -G values` (Wireshark 4.0.17, skinny.* value strings): the names
// Wireshark shows, so ctiscope and tshark name the same numbers alike. Do not edit by hand.

/// `skinny.messageId`.
pub const MESSAGE_NAMES: &[(u32, &str)] = &[
    (0x0, "KeepAliveReq"), (0x1, "RegisterReq"), (0x2, "IpPort"), (0x3, "KeypadButton"),
    (0x4, "EnblocCall"), (0x5, "Stimulus"), (0x6, "OffHook"), (0x7, "OnHook"), (0x8, "HookFlash"),
    (0x9, "ForwardStatReq"), (0xa, "SpeedDialStatReq"), (0xb, "LineStatReq"),
    (0xc, "ConfigStatReq"), (0xd, "TimeDateReq"), (0xe, "ButtonTemplateReq"), (0xf, "VersionReq"),
    (0x10, "CapabilitiesRes"), (0x12, "ServerReq"), (0x20, "Alarm"),
    (0x21, "MulticastMediaReceptionAck"), (0x22, "OpenReceiveChannelAck"),
    (0x23, "ConnectionStatisticsRes"), (0x24, "OffHookWithCallingPartyNumber"),
    (0x25, "SoftKeySetReq"), (0x26, "SoftKeyEvent"), (0x27, "UnregisterReq"),
    (0x28, "SoftKeyTemplateReq"), (0x29, "RegisterTokenReq"), (0x2a, "MediaTransmissionFailure"),
    (0x2b, "HeadsetStatus"), (0x2c, "MediaResourceNotification"), (0x2d, "RegisterAvailableLines"),
    (0x2e, "DeviceToUserData"), (0x2f, "DeviceToUserDataResponse"), (0x30, "UpdateCapabilities"),
    (0x31, "OpenMultiMediaReceiveChannelAck"), (0x32, "ClearConference"),
    (0x33, "ServiceURLStatReq"), (0x34, "FeatureStatReq"), (0x35, "CreateConferenceRes"),
    (0x36, "DeleteConferenceRes"), (0x37, "ModifyConferenceRes"), (0x38, "AddParticipantRes"),
    (0x39, "AuditConferenceRes"), (0x40, "AuditParticipantRes"), (0x41, "DeviceToUserDataVersion1"),
    (0x42, "DeviceToUserDataResponseVersion1"), (0x43, "CapabilitiesV2Res"),
    (0x44, "CapabilitiesV3Res"), (0x45, "PortRes"), (0x46, "QoSResvNotify"),
    (0x47, "QoSErrorNotify"), (0x48, "SubscriptionStatReq"), (0x49, "MediaPathEvent"),
    (0x4a, "MediaPathCapability"), (0x4c, "MwiNotification"), (0x81, "RegisterAck"),
    (0x82, "StartTone"), (0x83, "StopTone"), (0x85, "SetRinger"), (0x86, "SetLamp"),
    (0x87, "SetHookFlashDetect"), (0x88, "SetSpeakerMode"), (0x89, "SetMicroMode"),
    (0x8a, "StartMediaTransmission"), (0x8b, "StopMediaTransmission"), (0x8f, "CallInfo"),
    (0x90, "ForwardStatRes"), (0x91, "SpeedDialStatRes"), (0x92, "LineStatRes"),
    (0x93, "ConfigStatRes"), (0x94, "TimeDateRes"), (0x95, "StartSessionTransmission"),
    (0x96, "StopSessionTransmission"), (0x97, "ButtonTemplateRes"), (0x98, "VersionRes"),
    (0x99, "DisplayText"), (0x9a, "ClearDisplay"), (0x9b, "CapabilitiesReq"),
    (0x9d, "RegisterReject"), (0x9e, "ServerRes"), (0x9f, "Reset"), (0x100, "KeepAliveAck"),
    (0x101, "StartMulticastMediaReception"), (0x102, "StartMulticastMediaTransmission"),
    (0x103, "StopMulticastMediaReception"), (0x104, "StopMulticastMediaTransmission"),
    (0x105, "OpenReceiveChannel"), (0x106, "CloseReceiveChannel"),
    (0x107, "ConnectionStatisticsReq"), (0x108, "SoftKeyTemplateRes"), (0x109, "SoftKeySetRes"),
    (0x110, "SelectSoftKeys"), (0x111, "CallState"), (0x112, "DisplayPromptStatus"),
    (0x113, "ClearPromptStatus"), (0x114, "DisplayNotify"), (0x115, "ClearNotify"),
    (0x116, "ActivateCallPlane"), (0x117, "DeactivateCallPlane"), (0x118, "UnregisterAck"),
    (0x119, "BackSpaceRes"), (0x11a, "RegisterTokenAck"), (0x11b, "RegisterTokenReject"),
    (0x11c, "StartMediaFailureDetection"), (0x11d, "DialedNumber"), (0x11e, "UserToDeviceData"),
    (0x11f, "FeatureStatRes"), (0x120, "DisplayPriNotify"), (0x121, "ClearPriNotify"),
    (0x122, "StartAnnouncement"), (0x123, "StopAnnouncement"), (0x124, "AnnouncementFinish"),
    (0x127, "NotifyDtmfTone"), (0x128, "SendDtmfTone"), (0x129, "SubscribeDtmfPayloadReq"),
    (0x12a, "SubscribeDtmfPayloadRes"), (0x12b, "SubscribeDtmfPayloadErr"),
    (0x12c, "UnSubscribeDtmfPayloadReq"), (0x12d, "UnSubscribeDtmfPayloadRes"),
    (0x12e, "UnSubscribeDtmfPayloadErr"), (0x12f, "ServiceURLStatRes"),
    (0x130, "CallSelectStatRes"), (0x131, "OpenMultiMediaReceiveChannel"),
    (0x132, "StartMultiMediaTransmission"), (0x133, "StopMultiMediaTransmission"),
    (0x134, "MiscellaneousCommand"), (0x135, "FlowControlCommand"),
    (0x136, "CloseMultiMediaReceiveChannel"), (0x137, "CreateConferenceReq"),
    (0x138, "DeleteConferenceReq"), (0x139, "ModifyConferenceReq"), (0x13a, "AddParticipantReq"),
    (0x13b, "DropParticipantReq"), (0x13c, "AuditConferenceReq"), (0x13d, "AuditParticipantReq"),
    (0x13e, "ChangeParticipantReq"), (0x13f, "UserToDeviceDataVersion1"),
    (0x140, "VideoDisplayCommand"), (0x141, "FlowControlNotify"), (0x142, "ConfigStatV2Res"),
    (0x143, "DisplayNotifyV2"), (0x144, "DisplayPriNotifyV2"), (0x145, "DisplayPromptStatusV2"),
    (0x146, "FeatureStatV2Res"), (0x147, "LineStatV2Res"), (0x148, "ServiceURLStatV2Res"),
    (0x149, "SpeedDialStatV2Res"), (0x14a, "CallInfoV2"), (0x14b, "PortReq"), (0x14c, "PortClose"),
    (0x14d, "QoSListen"), (0x14e, "QoSPath"), (0x14f, "QoSTeardown"), (0x150, "UpdateDSCP"),
    (0x151, "QoSModify"), (0x152, "SubscriptionStatRes"), (0x153, "Notification"),
    (0x154, "StartMediaTransmissionAck"), (0x155, "StartMultiMediaTransmissionAck"),
    (0x156, "CallHistoryInfo"), (0x157, "LocationInfo"), (0x158, "MwiRes"),
    (0x159, "AddOnDeviceCapabilities"), (0x15a, "EnhancedAlarm"), (0x15e, "CallCountReq"),
    (0x15f, "CallCountResp"), (0x160, "RecordingStatus"), (0x8000, "SPCPRegisterTokenReq"),
    (0x8100, "SPCPRegisterTokenAck"), (0x8101, "SPCPRegisterTokenReject"),
];

/// `skinny.callState`.
pub const CALL_STATE_VALUES: &[(u32, &str)] = &[
    (0, "Idle"), (1, "OffHook"), (2, "OnHook"), (3, "RingOut"), (4, "RingIn"), (5, "Connected"),
    (6, "Busy"), (7, "Congestion"), (8, "Hold"), (9, "CallWaiting"), (10, "CallTransfer"),
    (11, "CallPark"), (12, "Proceed"), (13, "CallRemoteMultiline"), (14, "InvalidNumber"),
    (15, "HoldRevert"), (16, "Whisper"), (17, "RemoteHold"), (18, "MaxState"),
];

/// `skinny.deviceType`.
pub const DEVICE_TYPE: &[(u32, &str)] = &[
    (1, "Station30SPplus"), (2, "Station12SPplus"), (3, "Station12SP"), (4, "Station12"),
    (5, "Station30VIP"), (6, "Cisco 7910"), (7, "StationTelecasterMgr"), (8, "Cisco 7940"),
    (9, "Cisco 7935"), (10, "StationVGC"), (11, "VGCVirtualPhone"), (12, "StationATA186"),
    (13, "StationATA188"), (15, "EmccBase"), (20, "Virtual30SPplus"),
    (21, "StationPhoneApplication"), (30, "AnalogAccess"), (40, "DigitalAccessTitan1"),
    (41, "Digital Access T1"), (42, "DigitalAccessTitan2"), (43, "DigitalAccessLennon"),
    (47, "AnalogAccessElvis"), (48, "VGCGateway"), (50, "ConferenceBridge"),
    (51, "ConferenceBridgeYoko"), (52, "ConferenceBridgeDixieLand"), (53, "ConferenceBridgeSummit"),
    (60, "H225"), (61, "H323Phone"), (62, "H323Gateway"), (70, "MusicOnHold"), (71, "Pilot"),
    (72, "TapiPort"), (73, "TapiRoutePoint"), (80, "VoiceInBox"), (81, "VoiceInboxAdmin"),
    (82, "LineAnnunciator"), (83, "SoftwareMtpDixieLand"), (84, "CiscoMediaServer"),
    (85, "ConferenceBridgeFlint"), (86, "ConferenceBridgeHetroGen"), (87, "ConferenceBridgeAudVid"),
    (88, "ConferenceHVideoBridge"), (90, "RouteList"), (100, "LoadSimulator"),
    (110, "MediaTerminationPoint"), (111, "MediaTerminationPointYoko"),
    (112, "MediaTerminationPointDixieLand"), (113, "MediaTerminationPointSummit"), (115, "7941G"),
    (119, "7971"), (120, "MGCPStation"), (121, "MGCPTrunk"), (122, "RASProxy"),
    (124, "Cisco 7914 AddOn"), (125, "Trunk"), (126, "Annunciator"), (127, "MonitorBridge"),
    (128, "Recorder"), (129, "MonitorBridgeYoko"), (131, "SipTrunk"), (132, "SipGateway"),
    (133, "WsmTrunk"), (134, "RemoteDestination"), (227, "Cisco 7915 AddOn"),
    (228, "Cisco 7915 AddOn 24"), (229, "Cisco 7916 AddOn"), (230, "Cisco 7916 AddOn 24"),
    (253, "GenericDevice"), (254, "UnknownMGCPGateway"), (255, "NotDefined"),
    (275, "Nokia E Series"), (302, "Cisco 7985"), (307, "7911"), (308, "Cisco 7961 GE"),
    (309, "7961G_GE"), (335, "MotorolaCN622"), (336, "3rdPartySipBasic"), (348, "Cisco 7931"),
    (358, "UnifiedCommunicator"), (365, "7921"), (369, "7906"), (374, "3rdPartySipAdv"),
    (375, "Telepresence"), (376, "Nokia ICC client"), (404, "7962"), (412, "3951"), (431, "7937"),
    (434, "7942"), (435, "7945"), (436, "7965"), (437, "7975"), (468, "UnifiedMobileCommunicator"),
    (484, "Cisco 7925"), (493, "9971_CE"), (495, "Cisco 6921"), (496, "Cisco 6941"),
    (497, "Cisco 6961"), (503, "CSF"), (547, "Cisco 6901"), (548, "Cisco 6911"),
    (564, "Cisco 6945"), (585, "Cisco 8945"), (586, "Cisco 8941"), (597, "CiscoTelepresenceMcu"),
    (599, "CiscoTelePresenceExchange"), (600, "CiscoTelePresenceSoftwareConferenceBridge"),
    (631, "ASSip"), (635, "CtiRemoteDevice"), (20000, "7905"), (30002, "7920"), (30006, "7970"),
    (30007, "7912"), (30008, "7902"), (30016, "Cisco IP Communicator"), (30018, "7961G"),
    (30019, "7936"), (30027, "AnalogPhone"), (30028, "ISDNBRIPhone"), (30032, "SCCPGwVirtualPhone"),
    (30035, "IP_STE"), (36041, "CiscoTelePresenceConductor"), (36219, "InteractiveVoiceResponse"),
    (80000, "Cisco SPA 521S"), (80003, "Cisco SPA 502G"), (80004, "Cisco SPA 504G"),
    (80005, "Cisco SPA 525G"), (80007, "Cisco SPA 509G"), (80009, "Cisco SPA 525G2"),
    (80011, "Cisco SPA 303G"),
];

/// `skinny.tone`.
pub const TONE: &[(u32, &str)] = &[
    (0, "Silence"), (1, "Dtmf1"), (2, "Dtmf2"), (3, "Dtmf3"), (4, "Dtmf4"), (5, "Dtmf5"),
    (6, "Dtmf6"), (7, "Dtmf7"), (8, "Dtmf8"), (9, "Dtmf9"), (10, "Dtmf0"), (14, "DtmfStar"),
    (15, "DtmfPound"), (16, "DtmfA"), (17, "DtmfB"), (18, "DtmfC"), (19, "DtmfD"),
    (33, "InsideDialTone"), (34, "OutsideDialTone"), (35, "LineBusyTone"), (36, "AlertingTone"),
    (37, "ReorderTone"), (38, "RecorderWarningTone"), (39, "RecorderDetectedTone"),
    (40, "RevertingTone"), (41, "ReceiverOffHookTone"), (42, "MessageWaitingIndicatorTone"),
    (43, "NoSuchNumberTone"), (44, "BusyVerificationTone"), (45, "CallWaitingTone"),
    (46, "ConfirmationTone"), (47, "CampOnIndicationTone"), (48, "RecallDialTone"), (49, "ZipZip"),
    (50, "Zip"), (51, "BeepBonk"), (52, "MusicTone"), (53, "HoldTone"), (54, "TestTone"),
    (56, "MonitorWarningTone"), (57, "SecureWarningTone"), (64, "AddCallWaiting"),
    (65, "PriorityCallWait"), (66, "RecallDial"), (67, "BargIn"), (68, "DistinctAlert"),
    (69, "PriorityAlert"), (70, "ReminderRing"), (71, "PrecedenceRingBack"), (72, "PreemptionTone"),
    (73, "NonSecureWarningTone"), (80, "MF1"), (81, "MF2"), (82, "MF3"), (83, "MF4"), (84, "MF5"),
    (85, "MF6"), (86, "MF7"), (87, "MF8"), (88, "MF9"), (89, "MF0"), (90, "MFKP1"), (91, "MFST"),
    (92, "MFKP2"), (93, "MFSTP"), (94, "MFST3P"), (95, "MILLIWATT"), (96, "MILLIWATTTEST"),
    (97, "HIGHTONE"), (98, "FLASHOVERRIDE"), (99, "FLASH"), (100, "PRIORITY"), (101, "IMMEDIATE"),
    (102, "PREAMPWARN"), (103, "2105HZ"), (104, "2600HZ"), (105, "440HZ"), (106, "300HZ"),
    (107, "Mobility_WP"), (108, "Mobility_UAC"), (109, "Mobility_WTDN"), (110, "Mobility_MON"),
    (111, "Mobility_MOFF"), (112, "Mobility_UKC"), (113, "Mobility_VMA"), (114, "Mobility_FAC"),
    (115, "Mobility_CMC"), (119, "MLPP_PALA"), (120, "MLPP_ICA"), (121, "MLPP_VCA"),
    (122, "MLPP_BPA"), (123, "MLPP_BNEA"), (124, "MLPP_UPA"), (125, "TUA"), (126, "GONE"),
    (127, "NoTone"), (128, "MeetMe_Greeting"), (129, "MeetMe_NumberInvalid"),
    (130, "MeetMe_NumberFailed"), (131, "MeetMe_EnterPIN"), (132, "MeetMe_InvalidPIN"),
    (133, "MeetMe_FailedPIN"), (134, "MeetMe_CFB_Failed"), (135, "MeetMe_EnterAccessCode"),
    (136, "MeetMe_AccessCodeInvalid"), (137, "MeetMe_AccessCodeFailed"), (138, "MAX"),
];

/// `skinny.stimulus`.
pub const STIMULUS: &[(u32, &str)] = &[
    (1, "LastNumberRedial"), (2, "SpeedDial"), (3, "Hold"), (4, "Transfer"), (5, "ForwardAll"),
    (6, "ForwardBusy"), (7, "ForwardNoAnswer"), (8, "Display"), (9, "Line"), (10, "T120Chat"),
    (11, "T120Whiteboard"), (12, "T120ApplicationSharing"), (13, "T120FileTransfer"), (14, "Video"),
    (15, "VoiceMail"), (16, "AnswerRelease"), (17, "AutoAnswer"), (18, "Select"), (19, "Privacy"),
    (20, "ServiceURL"), (21, "BLFSpeedDial"), (22, "DPark"), (23, "Intercom"),
    (27, "MaliciousCall"), (33, "GenericAppB1"), (34, "GenericAppB2"), (35, "GenericAppB3"),
    (36, "GenericAppB4"), (37, "GenericAppB5"), (123, "MeetMeConference"), (125, "Conference"),
    (126, "CallPark"), (127, "CallPickUp"), (128, "GroupCallPickUp"), (129, "Mobility"),
    (130, "DoNotDisturb"), (131, "ConfList"), (132, "RemoveLastParticipant"), (133, "QRT"),
    (134, "CallBack"), (135, "OtherPickup"), (136, "VideoMode"), (137, "NewCall"), (138, "EndCall"),
    (139, "HLog"), (143, "Queuing"), (255, "MaxStimulusValue"),
];

/// `skinny.softKeyEvent`.
pub const SOFT_KEY_EVENT: &[(u32, &str)] = &[
    (1, "Redial"), (2, "NewCall"), (3, "Hold"), (4, "Transfer"), (5, "CfwdAll"), (6, "CfwdBusy"),
    (7, "CfwdNoAnswer"), (8, "BackSpace"), (9, "EndCall"), (10, "Resume"), (11, "Answer"),
    (12, "Info"), (13, "Confrn"), (14, "Park"), (15, "Join"), (16, "MeetMe"), (17, "PickUp"),
    (18, "GrpPickup"), (19, "Your current options"), (20, "Off Hook"), (21, "On Hook"),
    (22, "Ring out"), (23, "From "), (24, "Connected"), (25, "Busy"), (26, "Line In Use"),
    (27, "Call Waiting"), (28, "Call Transfer"), (29, "Call Park"), (30, "Call Proceed"),
    (31, "In Use Remote"), (32, "Enter number"), (33, "Call park At"), (34, "Primary Only"),
    (35, "Temp Fail"), (36, "You Have a VoiceMail"), (37, "Forwarded to"),
    (38, "Can Not Complete Conference"), (39, "No Conference Bridge"),
    (40, "Can Not Hold Primary Control"), (41, "Invalid Conference Participant"),
    (42, "In Conference Already"), (43, "No Participant Info"), (44, "Exceed Maximum Parties"),
    (45, "Key Is Not Active"), (46, "Error No License"), (47, "Error DBConfig"),
    (48, "Error Database"), (49, "Error Pass Limit"), (50, "Error Unknown"), (51, "Error Mismatch"),
    (52, "Conference"), (53, "Park Number"), (54, "Private"), (55, "Not Enough Bandwidth"),
    (56, "Unknown Number"), (57, "RmLstC"), (58, "Voicemail"), (59, "ImmDiv"), (60, "Intrcpt"),
    (61, "SetWtch"), (62, "TrnsfVM"), (63, "DND"), (64, "DivAll"), (65, "CallBack"),
    (66, "Network congestion,rerouting"), (67, "Barge"), (68, "Failed to setup Barge"),
    (69, "Another Barge exists"), (70, "Incompatible device type"),
    (71, "No Park Number Available"), (72, "CallPark Reversion"), (73, "Service is not Active"),
    (74, "High Traffic Try Again Later"), (75, "QRT"), (76, "MCID"), (77, "DirTrfr"),
    (78, "Select"), (79, "ConfList"), (80, "iDivert"), (81, "cBarge"),
    (82, "Can Not Complete Transfer"), (83, "Can Not Join Calls"), (84, "Mcid Successful"),
    (85, "Number Not Configured"), (86, "Security Error"), (87, "Video Bandwidth Unavailable"),
    (88, "Video Mode"), (201, "Dial"), (202, "Record"),
];

/// `skinny.callType`.
pub const CALL_TYPE: &[(u32, &str)] = &[
    (1, "InBoundCall"), (2, "OutBoundCall"), (3, "ForwardCall"),
];

/// `skinny.kpButton`.
pub const KP_BUTTON: &[(u32, &str)] = &[
    (0, "Zero"), (1, "One"), (2, "Two"), (3, "Three"), (4, "Four"), (5, "Five"), (6, "Six"),
    (7, "Seven"), (8, "Eight"), (9, "Nine"), (10, "A"), (11, "B"), (12, "C"), (13, "D"),
    (14, "Star"), (15, "Pound"), (16, "Plus"),
];

/// `skinny.ringMode`.
pub const RING_MODE: &[(u32, &str)] = &[
    (1, "RingOff"), (2, "InsideRing"), (3, "OutsideRing"), (4, "FeatureRing"), (5, "FlashOnly"),
    (6, "PrecedenceRing"),
];

/// `skinny.lampMode`.
pub const LAMP_MODE: &[(u32, &str)] = &[
    (1, "Off"), (2, "On"), (3, "Wink"), (4, "Flash"), (5, "Blink"),
];

/// `skinny.speakerMode`.
pub const SPEAKER_MODE: &[(u32, &str)] = &[
    (1, "On"), (2, "Off"),
];

/// `skinny.compressionType`.
pub const COMPRESSION_TYPE: &[(u32, &str)] = &[
    (2, "Media_Payload_G711Alaw64k"), (3, "Media_Payload_G711Alaw56k"),
    (4, "Media_Payload_G711Ulaw64k"), (5, "Media_Payload_G711Ulaw56k"),
    (6, "Media_Payload_G722_64k"), (7, "Media_Payload_G722_56k"), (8, "Media_Payload_G722_48k"),
    (9, "Media_Payload_G7231"), (10, "Media_Payload_G728"), (11, "Media_Payload_G729"),
    (12, "Media_Payload_G729AnnexA"), (15, "Media_Payload_G729AnnexB"),
    (16, "Media_Payload_G729AnnexAwAnnexB"), (18, "Media_Payload_GSM_Full_Rate"),
    (19, "Media_Payload_GSM_Half_Rate"), (20, "Media_Payload_GSM_Enhanced_Full_Rate"),
    (25, "Media_Payload_Wide_Band_256k"), (32, "Media_Payload_Data64"),
    (33, "Media_Payload_Data56"), (40, "Media_Payload_G7221_32K"), (41, "Media_Payload_G7221_24K"),
    (42, "Media_Payload_AAC"), (43, "Media_Payload_MP4ALATM_128"),
    (44, "Media_Payload_MP4ALATM_64"), (45, "Media_Payload_MP4ALATM_56"),
    (46, "Media_Payload_MP4ALATM_48"), (47, "Media_Payload_MP4ALATM_32"),
    (48, "Media_Payload_MP4ALATM_24"), (49, "Media_Payload_MP4ALATM_NA"), (80, "Media_Payload_GSM"),
    (82, "Media_Payload_G726_32K"), (83, "Media_Payload_G726_24K"), (84, "Media_Payload_G726_16K"),
    (86, "Media_Payload_ILBC"), (89, "Media_Payload_ISAC"), (90, "Media_Payload_OPUS"),
    (97, "Media_Payload_AMR"), (98, "Media_Payload_AMR_WB"), (100, "Media_Payload_H261"),
    (101, "Media_Payload_H263"), (102, "Media_Payload_Vieo"), (103, "Media_Payload_H264"),
    (104, "Media_Payload_H264_SVC"), (105, "Media_Payload_T120"), (106, "Media_Payload_H224"),
    (107, "Media_Payload_T38Fax"), (108, "Media_Payload_TOTE"), (109, "Media_Payload_H265"),
    (110, "Media_Payload_H264_UC"), (111, "Media_Payload_XV150_MR_711U"),
    (112, "Media_Payload_NSE_VBD_711U"), (113, "Media_Payload_XV150_MR_729A"),
    (114, "Media_Payload_NSE_VBD_729A"), (115, "Media_Payload_H264_FEC"),
    (120, "Media_Payload_Clear_Chan"), (222, "Media_Payload_Universal_Xcoder"),
    (257, "Media_Payload_RFC2833_DynPayload"), (258, "Media_Payload_PassThrough"),
    (259, "Media_Payload_Dynamic_Payload_PassThru"), (260, "Media_Payload_DTMF_OOB"),
    (261, "Media_Payload_Inband_DTMF_RFC2833"), (262, "Media_Payload_CFB_Tones"),
    (299, "Media_Payload_NoAudio"), (300, "Media_Payload_v150_LC_ModemRelay"),
    (301, "Media_Payload_v150_LC_SPRT"), (302, "Media_Payload_v150_LC_SSE"),
    (303, "Media_Payload_Max"),
];

/// `skinny.ipAddressType`.
pub const IP_ADDR_TYPE: &[(u32, &str)] = &[
    (0, "v4"), (1, "v6"), (2, "v4_v6"), (3, "_Invalid"),
];

/// `skinny.buttonDefinition`.
pub const BUTTON_DEFINITION: &[(u32, &str)] = &[
    (0, "Unused"), (1, "Last Number Redial"), (2, "SpeedDial"), (3, "Hold"), (4, "Transfer"),
    (5, "Forward All"), (6, "Forward Busy"), (7, "Forward No Answer"), (8, "Display"), (9, "Line"),
    (10, "T120 Chat"), (11, "T120 Whiteboard"), (12, "T120 Application Sharing"),
    (13, "T120 File Transfer"), (14, "Video"), (15, "Voicemail"), (16, "Answer Release"),
    (17, "Auto Answer"), (18, "Select"), (19, "Feature"), (20, "ServiceURL"),
    (21, "BusyLampField Speeddial"), (27, "Malicious Call"), (33, "Generic App B1"),
    (34, "Generic App B2"), (35, "Generic App B3"), (36, "Generic App B4"), (37, "Generic App B5"),
    (38, "Monitor/Multiblink"), (123, "Meet Me Conference"), (125, "Conference"),
    (126, "Call Park"), (127, "Call Pickup"), (128, "Group Call Pickup"), (129, "Mobility"),
    (130, "DoNotDisturb"), (131, "ConfList"), (132, "RemoveLastParticipant"), (133, "QRT"),
    (134, "CallBack"), (135, "OtherPickup"), (136, "VideoMode"), (137, "NewCall"), (138, "EndCall"),
    (139, "HLog"), (143, "Queuing"), (192, "Test E"), (193, "Test F"), (194, "Messages"),
    (195, "Directory"), (196, "Test I"), (197, "Application"), (198, "Headset"), (240, "Keypad"),
    (253, "Aec"), (255, "Undefined"),
];

/// `skinny.callSecurityStatus`.
pub const CALL_SECURITY_STATUS: &[(u32, &str)] = &[
    (0, "Unknown"), (1, "NotAuthenticated"), (2, "Authenticated"), (3, "Encrypted"), (4, "Max"),
];

/// `skinny.ringDuration`.
pub const RING_DURATION: &[(u32, &str)] = &[
    (1, "NormalRing"), (2, "SingleRing"),
];

/// `skinny.micMode`.
pub const MIC_MODE: &[(u32, &str)] = &[
    (1, "On"), (2, "Off"),
];

/// `skinny.resetType`.
pub const RESET_TYPE: &[(u32, &str)] = &[
    (1, "RESET"), (2, "RESTART"), (3, "APPLY_CONFIG"),
];

/// `skinny.unRegReasonCode`.
pub const UNREG_REASON: &[(u32, &str)] = &[
    (0, "Unknown"), (1, "PowerSaveMode"),
];

/// `skinny.privacy`.
pub const PRIVACY: &[(u32, &str)] = &[
    (0, "None"), (1, "Limited"), (2, "Full"),
];

/// `skinny.mediaPathID`.
pub const MEDIA_PATH_ID: &[(u32, &str)] = &[
    (1, "Headset"), (2, "Handset"), (3, "Speaker"),
];

/// `skinny.mediaPathEvent`.
pub const MEDIA_PATH_EVENT: &[(u32, &str)] = &[
    (1, "On"), (2, "Off"),
];

/// `skinny.statsProcessingMode`.
pub const STATS_PROCESSING_MODE: &[(u32, &str)] = &[
    (0, "clearStats"), (1, "doNotClearStats"),
];

/// `skinny.tone.output.direction`.
pub const TONE_OUTPUT_DIRECTION: &[(u32, &str)] = &[
    (0, "User"), (1, "Network"), (2, "All"),
];

/// `skinny.mediaReceptionStatus`.
pub const MEDIA_STATUS: &[(u32, &str)] = &[
    (0, "Ok"), (1, "Unknown"), (2, "NotEnoughChannels"), (3, "CodecTooComplex"),
    (4, "InvalidPartyID"), (5, "InvalidCallRef"), (6, "InvalidCodec"), (7, "InvalidPacketSize"),
    (8, "OutOfSockets"), (9, "EncoderOrDecoderFailed"), (10, "InvalidDynamicPayloadType"),
    (11, "RequestedIpAddrTypeUnAvailable"), (255, "DeviceOnHook"),
];

/// `skinny.alarmSeverity`.
pub const ALARM_SEVERITY: &[(u32, &str)] = &[
    (0, "Critical"), (1, "Warning"), (2, "Informational"), (4, "Unknown"), (7, "Major"),
    (8, "Minor"), (10, "Marginal"), (20, "TraceInfo"),
];

/// `skinny.status`.
pub const UNREGISTER_STATUS: &[(u32, &str)] = &[
    (0, "Ok"), (1, "Error"), (2, "NAK"),
];

/// `skinny.portHandlingFlag`.
pub const PORT_HANDLING: &[(u32, &str)] = &[
    (0, "CLOSE_PORT"), (1, "KEEP_PORT"),
];

/// `skinny.ssValue`.
pub const SS_VALUE: &[(u32, &str)] = &[
    (0, "Media_SilenceSuppression_Off"), (1, "Media_SilenceSuppression_On"),
];

/// `skinny.ecValue`.
pub const EC_VALUE: &[(u32, &str)] = &[
    (0, "Media_EchoCancellation_Off"), (1, "Media_EchoCancellation_On"),
];

/// `skinny.headsetStatus`.
pub const HEADSET_STATUS: &[(u32, &str)] = &[
    (1, "On"), (2, "Off"),
];
